// bcryptjs, CommonJS style: a hash with a fixed salt is deterministic and compared as is; the
// async API with a random salt is reported by outcome only (cost 4 keeps it quick).
const bcrypt = require('bcryptjs')

const SALT = '$2a$10$' + '8ndprk8ozlS97MuZFNSkK.'

exports.main = async function (ctx) {
  const hash = bcrypt.hashSync('secret', SALT)
  const unicode = bcrypt.hashSync('pässwörd ✓', '$2a$04$' + '8ndprk8ozlS97MuZFNSkK.')

  const salt = await bcrypt.genSalt(4)
  const asyncHash = await bcrypt.hash('secret', salt)
  const viaCallback = await new Promise((resolve, reject) =>
    bcrypt.compare('secret', asyncHash, (err, same) => (err ? reject(err) : resolve(same))),
  )

  return {
    hash,
    unicode,
    compareTrue: bcrypt.compareSync('secret', hash),
    compareFalse: bcrypt.compareSync('Secret', hash),
    rounds: bcrypt.getRounds(hash),
    salt: bcrypt.getSalt(hash),
    async: {
      saltShape: /^\$2b\$04\$[./A-Za-z0-9]{22}$/.test(salt),
      hashShape: /^\$2b\$04\$[./A-Za-z0-9]{53}$/.test(asyncHash),
      rounds: bcrypt.getRounds(asyncHash),
      match: await bcrypt.compare('secret', asyncHash),
      mismatch: await bcrypt.compare('secret!', asyncHash),
      viaCallback,
    },
  }
}
