// Intl's legacy constructors work without `new`, as functions often call them.
export default async function () {
  const dtf = Intl.DateTimeFormat('en-US', { timeZone: 'UTC' });
  const nf = Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const col = Intl.Collator('en');
  let listThrows;
  try { Intl.ListFormat('en'); } catch (e) { listThrows = e.name; }
  return {
    dtf: dtf.format(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))),
    dtfIsInstance: dtf instanceof Intl.DateTimeFormat,
    timeZone: dtf.resolvedOptions().timeZone,
    nf: nf.format(1234.56),
    nfIsInstance: nf instanceof Intl.NumberFormat,
    col: ['b', 'a', 'C'].sort(col.compare),
    listThrows,
    tag: Object.prototype.toString.call(Intl),
  };
}
