import fs from 'node:fs';
import { readFile, writeFile, readdir, stat, rm, mkdir } from 'fs/promises';
import os from 'os';
import path from 'path';

export default async function () {
  const dir = path.join(os.tmpdir(), 'laf-fs-case');
  fs.rmSync(dir, { recursive: true, force: true });
  const made = fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello');
  fs.appendFileSync(path.join(dir, 'hello.txt'), ' world');
  await writeFile(path.join(dir, 'a', 'data.json'), JSON.stringify({ n: 1 }));
  fs.writeFileSync(path.join(dir, 'bin'), Buffer.from([1, 2, 3, 250]));
  const errors = {};
  for (const [name, fn] of [
    ['missing', () => fs.readFileSync(path.join(dir, 'missing.txt'))],
    ['exclusive', () => fs.writeFileSync(path.join(dir, 'hello.txt'), 'x', { flag: 'wx' })],
    ['dirAsFile', () => fs.readFileSync(path.join(dir, 'a'))],
    ['rmdirFull', () => fs.rmdirSync(path.join(dir, 'a'))],
    ['mkdirExists', () => fs.mkdirSync(path.join(dir, 'a'))],
    ['unlinkDir', () => fs.unlinkSync(path.join(dir, 'a'))],
  ]) {
    try { fn(); errors[name] = 'no error'; } catch (e) { errors[name] = [e.code, e.errno, e.syscall, e.message]; }
  }
  const st = fs.statSync(path.join(dir, 'hello.txt'));
  const viaCallback = await new Promise((res, rej) => fs.readFile(path.join(dir, 'hello.txt'), 'utf8', (e, t) => (e ? rej(e) : res(t))));
  fs.renameSync(path.join(dir, 'hello.txt'), path.join(dir, 'greeting.txt'));
  fs.copyFileSync(path.join(dir, 'greeting.txt'), path.join(dir, 'copy.txt'));
  let copyExcl;
  try { fs.copyFileSync(path.join(dir, 'greeting.txt'), path.join(dir, 'copy.txt'), fs.constants.COPYFILE_EXCL); } catch (e) { copyExcl = e.code; }
  const streamed = await new Promise((res, rej) => {
    const chunks = [];
    fs.createReadStream(path.join(dir, 'greeting.txt'), { highWaterMark: 4 }).on('data', (c) => chunks.push(c.length)).on('end', () => res(chunks)).on('error', rej);
  });
  await new Promise((res, rej) => {
    const w = fs.createWriteStream(path.join(dir, 'out.txt'));
    w.on('finish', res).on('error', rej);
    w.write('line 1\n');
    w.write(Buffer.from('line 2\n'));
    w.end('end');
  });
  const listing = fs.readdirSync(dir).sort();
  const typed = fs.readdirSync(dir, { withFileTypes: true }).map((d) => `${d.name}:${d.isDirectory() ? 'dir' : 'file'}`).sort();
  const result = {
    made,
    text: fs.readFileSync(path.join(dir, 'greeting.txt'), 'utf8'),
    json: JSON.parse(await readFile(path.join(dir, 'a', 'data.json'), { encoding: 'utf8' })),
    bin: [...fs.readFileSync(path.join(dir, 'bin'))],
    errors,
    size: st.size,
    isFile: [st.isFile(), st.isDirectory(), fs.statSync(path.join(dir, 'a')).isDirectory()],
    mtimeIsDate: st.mtime instanceof Date && st.mtimeMs > 0,
    viaCallback,
    copyExcl,
    streamed,
    out: fs.readFileSync(path.join(dir, 'out.txt'), 'latin1'),
    listing,
    typed,
    exists: [fs.existsSync(path.join(dir, 'copy.txt')), fs.existsSync(path.join(dir, 'nope'))],
    promisesStat: (await stat(path.join(dir, 'bin'))).size,
    nested: await readdir(path.join(dir, 'a')),
    noEntry: fs.statSync(path.join(dir, 'nope'), { throwIfNoEntry: false }),
    tmpdir: os.tmpdir(),
  };
  await rm(path.join(dir, 'copy.txt'));
  await mkdir(path.join(dir, 'c'));
  result.after = fs.readdirSync(dir).sort();
  fs.rmSync(dir, { recursive: true });
  result.gone = fs.existsSync(dir);
  return result;
}
