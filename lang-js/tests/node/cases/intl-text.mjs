// Intl.ListFormat, RelativeTimeFormat, Collator/localeCompare, Segmenter and locale helpers (en-US, zh-CN).
export default async function () {
  const out = {};
  for (const loc of ['en-US', 'zh-CN']) {
    out[loc + ' list'] = ['conjunction', 'disjunction', 'unit'].flatMap((type) => ['long', 'short', 'narrow'].map((style) =>
      [[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map((l) => new Intl.ListFormat(loc, { type, style }).format(l))));
    out[loc + ' listParts'] = new Intl.ListFormat(loc).formatToParts(['x', 'y', 'z']);
    const rtf = new Intl.RelativeTimeFormat(loc), auto = new Intl.RelativeTimeFormat(loc, { numeric: 'auto' }), short = new Intl.RelativeTimeFormat(loc, { style: 'short' });
    out[loc + ' rel'] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'].map((u) =>
      [-3, -1, 0, 1, 2, 1000].map((v) => [rtf.format(v, u), auto.format(v, u), short.format(v, u)]));
    out[loc + ' relParts'] = rtf.formatToParts(-1234.5, 'days');
  }
  // the sensible English list got builds through @sindresorhus/is
  out.got = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(['string', 'number', 'Buffer']);
  try { new Intl.ListFormat('en').format(['a', 1]); } catch (e) { out.listErr = [e.name, e.message]; }
  try { new Intl.RelativeTimeFormat('en').format(1, 'fortnight'); } catch (e) { out.relErr = [e.name, e.message]; }
  const words = ['b', 'a', 'B', 'A', 'á', 'item 10', 'item 2', 'Item 1', '_x', '10', '9', 'résumé', 'resume', 'Resume', 'a-b', 'ab'];
  out.sort = words.slice().sort(new Intl.Collator('en-US').compare);
  out.sortNumeric = words.slice().sort(new Intl.Collator('en-US', { numeric: true }).compare);
  out.sortLocaleCompare = words.slice().sort((x, y) => x.localeCompare(y));
  out.base = [['a', 'A'], ['a', 'á'], ['a', 'b']].map(([x, y]) => [new Intl.Collator('en-US', { sensitivity: 'base' }).compare(x, y),
    new Intl.Collator('en-US', { sensitivity: 'accent' }).compare(x, y), x.localeCompare(y, 'en-US', { sensitivity: 'case' })]);
  out.collatorResolved = new Intl.Collator('en-US').resolvedOptions();
  const seg = (g, s) => [...new Intl.Segmenter('en-US', { granularity: g }).segment(s)].map((x) => (g === 'word' ? [x.segment, x.index, x.isWordLike] : [x.segment, x.index]));
  out.graphemes = seg('grapheme', 'e\u0301le\u0300ve 👨‍👩‍👧 🇨🇳');
  out.words = seg('word', "Hello, world! can't 3.14 a_b  x");
  out.sentences = seg('sentence', 'One. Two? Three! 3.14 ok');
  out.containing = new Intl.Segmenter('en-US', { granularity: 'word' }).segment('hello world').containing(7);
  out.canonical = Intl.getCanonicalLocales(['EN-us', 'zh-cn', 'en-US']);
  out.supported = [Intl.NumberFormat.supportedLocalesOf(['en-US', 'zh-CN']), Intl.DateTimeFormat.supportedLocalesOf('zh')];
  try { Intl.getCanonicalLocales('a_b'); } catch (e) { out.badLocale = [e.name, e.message]; }
  out.locales = [new Intl.NumberFormat('en').resolvedOptions().locale, new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC' }).resolvedOptions().locale];
  out.tags = [Object.prototype.toString.call(Intl), String(new Intl.ListFormat('en-US'))];
  return out;
}
