// Packages Laf functions use every day, CommonJS style: dates (moment), scraping (cheerio, which
// loads undici and so Node's web streams, http2 constants and console), XML, YAML, templates, mail
// transport setup (no mail sent), validation, and text encodings.
const moment = require('moment')
const cheerio = require('cheerio')
const xml2js = require('xml2js')
const yaml = require('js-yaml')
const Handlebars = require('handlebars')
const nodemailer = require('nodemailer')
const validator = require('validator')
const iconv = require('iconv-lite')

exports.main = async function (ctx) {
  const $ = cheerio.load('<ul id="list"><li class="a">one</li><li class="b">two</li></ul>')
  const parsed = await xml2js.parseStringPromise('<root><item id="1">x</item><item id="2">y</item></root>')
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: 2525, secure: false })
  const gbk = iconv.encode('你好, Laf', 'gbk')
  return {
    moment: {
      formatted: moment.utc('2024-02-28T10:00:00Z').add(2, 'days').format('YYYY-MM-DD dddd'),
      diff: moment.utc('2024-03-01').diff(moment.utc('2024-01-01'), 'days'),
      valid: moment('not a date', 'YYYY-MM-DD', true).isValid(),
    },
    cheerio: { items: $('li').map((_, el) => $(el).text()).get(), b: $('.b').text(), html: $('#list li').first().toString() },
    xml: { ids: parsed.root.item.map((i) => i.$.id), texts: parsed.root.item.map((i) => i._) },
    xmlOut: new xml2js.Builder({ headless: true }).buildObject({ a: { b: 'c' } }),
    yaml: { loaded: yaml.load('a: 1\nb: [x, y]\n'), dumped: yaml.dump({ k: ['v', 2] }) },
    handlebars: Handlebars.compile('Hi {{name}}, {{#each items}}[{{this}}]{{/each}}')({ name: 'Laf', items: [1, 2] }),
    nodemailer: { sendMail: typeof transport.sendMail, verify: typeof transport.verify },
    validator: { email: validator.isEmail('a@b.co'), url: validator.isURL('https://laf.dev'), uuid: validator.isUUID('x') },
    iconv: { bytes: gbk.toString('hex'), back: iconv.decode(gbk, 'gbk') },
  }
}
