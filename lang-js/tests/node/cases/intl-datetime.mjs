// Intl.DateTimeFormat and Date.prototype.toLocale*String with explicit time zones (en-US, zh-CN).
export default async function () {
  const d = new Date(Date.UTC(2026, 11, 7, 5, 3, 9));
  const m = new Date(Date.UTC(2026, 0, 4, 0, 5, 0));
  const out = {};
  for (const loc of ['en-US', 'zh-CN']) {
    const f = (o, x = d) => new Intl.DateTimeFormat(loc, o).format(x);
    out[loc] = {
      dflt: f({ timeZone: 'UTC' }),
      sh: d.toLocaleString(loc, { timeZone: 'Asia/Shanghai' }),
      date: d.toLocaleDateString(loc, { timeZone: 'Asia/Tokyo' }),
      time: d.toLocaleTimeString(loc, { timeZone: 'Asia/Hong_Kong' }),
      midnight12: m.toLocaleString(loc, { timeZone: 'UTC', hour12: true }),
      midnight24: m.toLocaleString(loc, { timeZone: 'UTC', hour12: false }),
      h23: f({ timeZone: 'UTC', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }, m),
      styles: ['full', 'long', 'medium', 'short'].map((s) => [f({ timeZone: 'Asia/Shanghai', dateStyle: s }), f({ timeZone: 'Asia/Shanghai', timeStyle: s }), f({ timeZone: 'UTC', dateStyle: s, timeStyle: s })]),
      fields: [
        { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }, { year: 'numeric', month: '2-digit', day: '2-digit' },
        { year: '2-digit', month: 'numeric', day: 'numeric' }, { month: 'short', day: 'numeric' }, { year: 'numeric', month: 'long' },
        { month: 'long' }, { weekday: 'short' }, { hour: 'numeric' }, { hour: '2-digit', minute: '2-digit' },
        { hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true }, { minute: 'numeric', second: 'numeric' },
        { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
        { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: 'numeric' }, { timeZoneName: 'short' }, { timeZoneName: 'long' },
      ].map((o) => f({ ...o, timeZone: 'Asia/Shanghai' })),
      parts: new Intl.DateTimeFormat(loc, { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }).formatToParts(d),
      resolved: new Intl.DateTimeFormat(loc, { timeZone: 'Asia/Shanghai' }).resolvedOptions(),
      resolvedHour: new Intl.DateTimeFormat(loc, { timeZone: 'utc', hour: 'numeric' }).resolvedOptions(),
    };
  }
  out.boundFormat = [d, m].map(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }).format);
  out.zones = ['UTC', 'Etc/UTC', 'GMT', 'asia/shanghai', 'Asia/Tokyo'].map((z) => new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone);
  try { new Intl.DateTimeFormat('en-US', { timeZone: 'Mars/Olympus' }); } catch (e) { out.badZone = [e.name, e.message]; }
  try { new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }).format(NaN); } catch (e) { out.badDate = [e.name, e.message]; }
  out.invalid = new Date(NaN).toLocaleString('en-US', { timeZone: 'UTC' });
  out.tag = Object.prototype.toString.call(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }));
  out.calendar = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }).resolvedOptions().calendar;
  return out;
}
