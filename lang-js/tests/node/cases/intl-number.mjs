// Intl.NumberFormat, Number/BigInt toLocaleString and Intl.PluralRules for en-US and zh-CN.
export default async function () {
  const nums = [0, -0, 1, 0.5, 1.005, 2.5, -2.5, 1234.5, -1234567.891, 1e21, 1.23e-7, 999.9995, NaN, Infinity, -Infinity];
  const opts = [
    {}, { style: 'percent' }, { style: 'percent', minimumFractionDigits: 1 }, { style: 'currency', currency: 'USD' },
    { style: 'currency', currency: 'CNY' }, { style: 'currency', currency: 'JPY' }, { style: 'currency', currency: 'EUR', currencyDisplay: 'code' },
    { style: 'currency', currency: 'USD', currencySign: 'accounting' }, { minimumFractionDigits: 2 }, { maximumFractionDigits: 0 },
    { minimumFractionDigits: 2, maximumFractionDigits: 2 }, { minimumIntegerDigits: 3 }, { useGrouping: false },
    { maximumSignificantDigits: 3 }, { signDisplay: 'always' }, { signDisplay: 'exceptZero' },
  ];
  const out = {};
  for (const loc of ['en-US', 'zh-CN']) {
    out[loc] = opts.map((o) => nums.map((n) => new Intl.NumberFormat(loc, o).format(n)));
    out[loc + ' parts'] = new Intl.NumberFormat(loc, { style: 'currency', currency: 'USD' }).formatToParts(-1234.5);
    out[loc + ' resolved'] = new Intl.NumberFormat(loc, { style: 'currency', currency: 'CNY' }).resolvedOptions();
  }
  out.toLocale = [(1234567.891).toLocaleString(), (1234.5).toLocaleString('zh-CN'), (0.256).toLocaleString('en-US', { style: 'percent' }),
    (99.5).toLocaleString('zh-CN', { style: 'currency', currency: 'CNY' }), 12345678901234567890n.toLocaleString(), (-5n).toLocaleString('en-US'),
    [1234.5, new Date(Date.UTC(2026, 0, 1)), null, 'x'].toLocaleString('en-US', { timeZone: 'UTC' })];
  out.mapped = [1, 22, 333333].map(new Intl.NumberFormat('en-US').format);
  out.defaults = new Intl.NumberFormat().resolvedOptions();
  out.errors = [{ style: 'currency' }, { minimumFractionDigits: 3, maximumFractionDigits: 1 }, { maximumFractionDigits: 101 }].map((o) => {
    try { new Intl.NumberFormat('en-US', o); return 'no error'; } catch (e) { return [e.name, e.message]; }
  });
  const card = new Intl.PluralRules('en-US'), ord = new Intl.PluralRules('en-US', { type: 'ordinal' }), zh = new Intl.PluralRules('zh-CN');
  out.plural = [0, 1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1.5].map((n) => [card.select(n), ord.select(n), zh.select(n)]);
  out.pluralResolved = [card.resolvedOptions(), ord.resolvedOptions(), zh.resolvedOptions()];
  return out;
}
