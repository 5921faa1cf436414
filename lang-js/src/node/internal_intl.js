// A compact `Intl` (QuickJS-ng has none) for en (the fallback for every locale) and zh, no tz data: ListFormat, NumberFormat (standard notation), DateTimeFormat (UTC and fixed-offset Asian zones), PluralRules, Collator (no Han pinyin order), RelativeTimeFormat, Segmenter (approximate rules); `install(global)` patches toLocaleString/localeCompare.
(function (exports, require, module) {
  'use strict';
  const NBSP = '\u00a0', NNBSP = '\u202f';

  // ---- locales ----
  const TAG = /^[a-z]{2,3}(-[a-z]{4})?(-(?:[a-z]{2}|\d{3}))?(-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*(-[a-wyz0-9](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?$/i;
  function canon(tag) {
    if (typeof tag !== 'string' && (typeof tag !== 'object' || tag === null)) throw new TypeError('Language ID should be string or object.');
    tag = String(tag);
    if (!TAG.test(tag)) throw new RangeError('Incorrect locale information provided');
    let singleton = false;
    return tag.split('-').map((p, i) => {
      if (i === 0 || singleton) return p.toLowerCase();
      if (p.length === 1) { singleton = true; return p.toLowerCase(); }
      if (p.length === 2) return p.toUpperCase();
      if (p.length === 4 && /^[a-z]/i.test(p)) return p[0].toUpperCase() + p.slice(1).toLowerCase();
      return p.toLowerCase();
    }).join('-');
  }
  function getCanonicalLocales(locales) {
    if (locales === undefined) return [];
    const list = typeof locales === 'string' ? [locales] : Array.from(Object(locales));
    const out = [];
    for (const l of list) { const c = canon(l); if (!out.includes(c)) out.push(c); }
    return out;
  }
  const langOf = (tag) => tag.split('-')[0];
  const supported = (tag) => langOf(tag) === 'en' || langOf(tag) === 'zh';
  // -> [resolved locale tag, 'en' | 'zh']
  function resolveLocale(locales) {
    for (const l of getCanonicalLocales(locales)) {
      if (supported(l)) { const t = l.replace(/-u-.*$/, ''); return [t, langOf(t)]; }
    }
    return ['en-US', 'en'];
  }
  function supportedLocalesOf(locales) { return getCanonicalLocales(locales).filter(supported); }

  function opts(o) {
    if (o === undefined) return Object.create(null);
    if (o === null) throw new TypeError('Cannot convert undefined or null to object');
    return Object(o);
  }
  function getOpt(o, name, values, dflt) {
    let v = o[name];
    if (v === undefined) return dflt;
    v = String(v);
    if (values && !values.includes(v)) throw new RangeError(`Value ${v} out of range for Intl options property ${name}`);
    return v;
  }
  function getNum(o, name, min, max, dflt) {
    let v = o[name];
    if (v === undefined) return dflt;
    v = Number(v);
    if (!(v >= min && v <= max)) throw new RangeError(`${name} value is out of range.`);
    return Math.floor(v);
  }
  function defineClass(C, name) {
    Object.defineProperty(C.prototype, Symbol.toStringTag, { value: 'Intl.' + name, configurable: true });
    Object.defineProperty(C, 'supportedLocalesOf', { value: function supportedLocalesOf_(l) { return supportedLocalesOf(l); }, writable: true, configurable: true });
  }
  const parts2str = (parts) => { let s = ''; for (const p of parts) s += p.value; return s; };

  // ---- ListFormat ----
  const LISTS = {
    en: {
      conjunction: { long: [', ', ', and ', ' and '], short: [', ', ', & ', ' & '], narrow: [', ', ', ', ', '] },
      disjunction: { long: [', ', ', or ', ' or '], short: [', ', ', or ', ' or '], narrow: [', ', ', or ', ' or '] },
      unit: { long: [', ', ', ', ', '], short: [', ', ', ', ', '], narrow: [' ', ' ', ' '] },
    },
    zh: {
      conjunction: { long: ['、', '和', '和'], short: ['、', '和', '和'], narrow: ['、', '、', '、'] },
      disjunction: { long: ['、', '或', '或'], short: ['、', '或', '或'], narrow: ['、', '或', '或'] },
      unit: { long: ['', '', ''], short: ['', '', ''], narrow: ['', '', ''] },
    },
  };
  class ListFormat {
    #r;
    constructor(locales, options) {
      const [locale, lang] = resolveLocale(locales);
      const o = opts(options);
      const type = getOpt(o, 'type', ['conjunction', 'disjunction', 'unit'], 'conjunction');
      const style = getOpt(o, 'style', ['long', 'short', 'narrow'], 'long');
      this.#r = { locale, type, style, seps: LISTS[lang][type][style] };
    }
    formatToParts(list) {
      const items = [];
      if (list !== undefined) for (const x of list) {
        if (typeof x !== 'string') throw new TypeError(`Iterable yielded ${typeof x === 'symbol' ? 'Symbol()' : String(x)} which is not a string`);
        items.push(x);
      }
      const [mid, end, two] = this.#r.seps, parts = [];
      items.forEach((x, i) => {
        if (i > 0) parts.push({ type: 'literal', value: items.length === 2 ? two : i === items.length - 1 ? end : mid });
        parts.push({ type: 'element', value: x });
      });
      return parts.filter((p) => p.value !== '' || p.type === 'element');
    }
    format(list) { return parts2str(this.formatToParts(list)); }
    resolvedOptions() { const { locale, type, style } = this.#r; return { locale, type, style }; }
  }
  defineClass(ListFormat, 'ListFormat');

  // ---- NumberFormat ----
  const CUR_DIGITS = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, TWD: 2, BHD: 3, KWD: 3, JOD: 3, OMR: 3, TND: 3 };
  const CUR_SYM = {
    en: { USD: '$', CNY: 'CN¥', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$', TWD: 'NT$', KRW: '₩', INR: '₹', CAD: 'CA$', AUD: 'A$' },
    zh: { USD: 'US$', CNY: '¥', EUR: '€', GBP: '£', JPY: 'JP¥', HKD: 'HK$', TWD: 'NT$', KRW: '￦', INR: '₹', CAD: 'CA$', AUD: 'AU$' },
  };
  const CUR_NAME = {
    en: { USD: ['US dollar', 'US dollars'], CNY: ['Chinese yuan', 'Chinese yuan'], EUR: ['euro', 'euros'], GBP: ['British pound', 'British pounds'], JPY: ['Japanese yen', 'Japanese yen'], HKD: ['Hong Kong dollar', 'Hong Kong dollars'] },
    zh: { USD: '美元', CNY: '人民币', EUR: '欧元', GBP: '英镑', JPY: '日元', HKD: '港元' },
  };
  // |x| as a plain decimal string 'int.frac' (x a finite number, bigint or numeric string).
  function plain(x) {
    let s = typeof x === 'bigint' ? (x < 0n ? -x : x).toString() : typeof x === 'string' ? x.replace(/^[-+]/, '') : String(Math.abs(x));
    const e = s.search(/e/i);
    if (e >= 0) {
      const m = s.slice(0, e), exp = Number(s.slice(e + 1)), dot = m.indexOf('.');
      const digits = m.replace('.', ''), point = (dot < 0 ? m.length : dot) + exp;
      s = point <= 0 ? '0.' + '0'.repeat(-point) + digits
        : point >= digits.length ? digits + '0'.repeat(point - digits.length) : digits.slice(0, point) + '.' + digits.slice(point);
    }
    const dot = s.indexOf('.');
    return dot < 0 ? [s, ''] : [s.slice(0, dot) || '0', s.slice(dot + 1)];
  }
  function inc(d) {
    let i = d.length - 1;
    while (i >= 0 && d[i] === '9') i--;
    return i < 0 ? '1' + '0'.repeat(d.length) : d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + '0'.repeat(d.length - i - 1);
  }
  // Keeps k fraction digits (k < 0 rounds into the integer), rounding half away from zero.
  function roundAt(int, frac, k) {
    const all = int + frac, cut = int.length + k;
    if (cut >= all.length) return [int, frac];
    if (cut < 0) return ['0', ''];
    let kept = all.slice(0, cut);
    if (all.charCodeAt(cut) >= 53) kept = inc(kept);
    if (k >= 0) { const il = kept.length - k; return [kept.slice(0, il).replace(/^0+(?=.)/, '') || '0', kept.slice(il)]; }
    return [(kept + '0'.repeat(-k)).replace(/^0+(?=.)/, '') || '0', ''];
  }
  class NumberFormat {
    #r;
    constructor(locales, options) {
      const [locale, lang] = resolveLocale(locales);
      const o = opts(options);
      const style = getOpt(o, 'style', ['decimal', 'percent', 'currency', 'unit'], 'decimal');
      let currency = getOpt(o, 'currency');
      if (currency !== undefined && !/^[a-z]{3}$/i.test(currency)) throw new RangeError('Invalid currency code : ' + currency);
      const currencyDisplay = getOpt(o, 'currencyDisplay', ['code', 'symbol', 'narrowSymbol', 'name'], 'symbol');
      const currencySign = getOpt(o, 'currencySign', ['standard', 'accounting'], 'standard');
      if (style === 'currency' && currency === undefined) throw new TypeError('Currency code is required with currency style.');
      if (style === 'unit') throw new RangeError("Intl.NumberFormat style 'unit' is not supported by this runtime");
      const notation = getOpt(o, 'notation', ['standard', 'scientific', 'engineering', 'compact'], 'standard');
      if (notation !== 'standard') throw new RangeError(`Intl.NumberFormat notation '${notation}' is not supported by this runtime`);
      const r = { locale, lang, numberingSystem: 'latn', style };
      if (style === 'currency') Object.assign(r, { currency: currency.toUpperCase(), currencyDisplay, currencySign });
      const cd = style === 'currency' ? (CUR_DIGITS[r.currency] ?? 2) : 0;
      const dmin = style === 'currency' ? cd : 0, dmax = style === 'currency' ? cd : style === 'percent' ? 0 : 3;
      r.minimumIntegerDigits = getNum(o, 'minimumIntegerDigits', 1, 21, 1);
      const mnsd = o.minimumSignificantDigits, mxsd = o.maximumSignificantDigits;
      let mnfd = getNum(o, 'minimumFractionDigits', 0, 100, undefined), mxfd = getNum(o, 'maximumFractionDigits', 0, 100, undefined);
      if (mnsd !== undefined || mxsd !== undefined) {
        r.minimumSignificantDigits = getNum(o, 'minimumSignificantDigits', 1, 21, 1);
        r.maximumSignificantDigits = getNum(o, 'maximumSignificantDigits', r.minimumSignificantDigits, 21, 21);
      } else {
        if (mnfd === undefined && mxfd === undefined) { mnfd = dmin; mxfd = dmax; }
        else if (mxfd === undefined) mxfd = Math.max(dmax, mnfd);
        else if (mnfd === undefined) mnfd = Math.min(dmin, mxfd);
        else if (mnfd > mxfd) throw new RangeError('maximumFractionDigits value is out of range.');
        r.minimumFractionDigits = mnfd; r.maximumFractionDigits = mxfd;
      }
      const g = o.useGrouping;
      r.useGrouping = g === undefined ? 'auto' : g === true || g === 'true' ? 'always' : g === false || g === 'false' ? false
        : getOpt(o, 'useGrouping', ['min2', 'auto', 'always'], 'auto');
      r.notation = 'standard';
      r.signDisplay = getOpt(o, 'signDisplay', ['auto', 'never', 'always', 'exceptZero', 'negative'], 'auto');
      this.#r = r;
    }
    get format() {
      const f = (x) => parts2str(this.formatToParts(x));
      Object.defineProperty(this, 'format', { value: f, configurable: true });
      return f;
    }
    formatToParts(x) {
      const r = this.#r;
      if (typeof x !== 'bigint') x = typeof x === 'string' && /^\s*[-+]?\d+n?\s*$/.test(x) && x.length > 15 ? x.trim() : Number(x);
      const neg = typeof x === 'bigint' ? x < 0n : typeof x === 'string' ? x[0] === '-' : x < 0 || Object.is(x, -0);
      const parts = [];
      let num = [], zero = typeof x === 'number' && x !== x;
      if (typeof x === 'number' && x !== x) num.push({ type: 'nan', value: 'NaN' });
      else if (x === Infinity || x === -Infinity) num.push({ type: 'infinity', value: '∞' });
      else {
        let [int, frac] = plain(x);
        if (r.style === 'percent') { frac = frac.padEnd(2, '0'); int = (int + frac.slice(0, 2)).replace(/^0+(?=.)/, ''); frac = frac.slice(2); }
        if (r.maximumSignificantDigits !== undefined) {
          const nz = int !== '0' ? 0 : frac.search(/[1-9]/);
          if (nz >= 0) [int, frac] = roundAt(int, frac, int !== '0' ? r.maximumSignificantDigits - int.length : nz + r.maximumSignificantDigits);
          else [int, frac] = ['0', ''];
          const sig = () => (int !== '0' ? int.length + frac.length : (/[1-9]/.test(frac) ? frac.replace(/^0+/, '').length : frac.length + 1));
          frac = frac.replace(/0+$/, '');
          while (sig() < r.minimumSignificantDigits) frac += '0';
        } else {
          [int, frac] = roundAt(int, frac, r.maximumFractionDigits);
          frac = frac.replace(/0+$/, '').padEnd(r.minimumFractionDigits, '0');
        }
        zero = /^0*$/.test(int + frac);
        int = int.padStart(r.minimumIntegerDigits, '0');
        const g = r.useGrouping, groupIt = g && (g === 'min2' ? int.length >= 5 : int.length >= 4);
        if (groupIt) {
          let first = int.length % 3 || 3;
          num.push({ type: 'integer', value: int.slice(0, first) });
          for (; first < int.length; first += 3) num.push({ type: 'group', value: ',' }, { type: 'integer', value: int.slice(first, first + 3) });
        } else num.push({ type: 'integer', value: int });
        if (frac) num.push({ type: 'decimal', value: '.' }, { type: 'fraction', value: frac });
      }
      const sd = r.signDisplay, accounting = r.currencySign === 'accounting';
      let sign = '';
      if (neg && (sd === 'auto' || sd === 'always' || (!zero && (sd === 'exceptZero' || sd === 'negative')))) sign = '-';
      else if (!neg && (sd === 'always' || (sd === 'exceptZero' && !zero))) sign = '+';
      const paren = accounting && sign === '-';
      if (paren) parts.push({ type: 'literal', value: '(' });
      else if (sign) parts.push({ type: sign === '-' ? 'minusSign' : 'plusSign', value: sign });
      if (r.style === 'currency') {
        const c = r.currency, disp = r.currencyDisplay;
        if (disp === 'name') {
          const names = CUR_NAME[r.lang][c];
          const one = num.length === 1 && num[0].value === '1';
          parts.push(...num, r.lang === 'zh' ? { type: 'currency', value: names || c } : { type: 'literal', value: ' ' }, ...(r.lang === 'zh' ? [] : [{ type: 'currency', value: names ? names[one ? 0 : 1] : c }]));
        } else {
          let sym = disp === 'code' ? c : CUR_SYM[r.lang][c] || c;
          if (disp === 'narrowSymbol' && /^[A-Z]*[^A-Z]$/.test(sym)) sym = sym.replace(/^[A-Z]+/, '');
          parts.push({ type: 'currency', value: sym });
          if (/[A-Za-z]$/.test(sym) && num[0].type === 'integer') parts.push({ type: 'literal', value: NBSP });
          parts.push(...num);
        }
      } else {
        parts.push(...num);
        if (r.style === 'percent') parts.push({ type: 'percentSign', value: '%' });
      }
      if (paren) parts.push({ type: 'literal', value: ')' });
      return parts;
    }
    resolvedOptions() {
      const r = this.#r, out = {};
      for (const k of ['locale', 'numberingSystem', 'style', 'currency', 'currencyDisplay', 'currencySign', 'minimumIntegerDigits', 'minimumFractionDigits', 'maximumFractionDigits', 'minimumSignificantDigits', 'maximumSignificantDigits', 'useGrouping', 'notation', 'signDisplay']) if (r[k] !== undefined) out[k] = r[k];
      return Object.assign(out, { roundingMode: 'halfExpand', roundingIncrement: 1, trailingZeroDisplay: 'auto', roundingPriority: 'auto' });
    }
  }
  defineClass(NumberFormat, 'NumberFormat');

  // ---- DateTimeFormat ----
  // Zones without daylight saving in current rules: [canonical name, offset minutes, en long name, zh long name].
  const ZONES = {
    utc: ['UTC', 0, 'Coordinated Universal Time', '协调世界时'], 'etc/utc': 'utc', gmt: 'utc', 'etc/gmt': 'utc', 'etc/universal': 'utc', universal: 'utc', 'etc/zulu': 'utc', zulu: 'utc', 'etc/uct': 'utc', uct: 'utc', 'etc/gmt0': 'utc', 'etc/gmt+0': 'utc', 'etc/gmt-0': 'utc', gmt0: 'utc', 'etc/greenwich': 'utc', greenwich: 'utc',
    'asia/shanghai': ['Asia/Shanghai', 480, 'China Standard Time', '中国标准时间'],
    'asia/hong_kong': ['Asia/Hong_Kong', 480, 'Hong Kong Standard Time', '香港标准时间'],
    'asia/tokyo': ['Asia/Tokyo', 540, 'Japan Standard Time', '日本标准时间'],
  };
  function zoneOf(name) {
    let z = ZONES[String(name).toLowerCase()];
    if (typeof z === 'string') z = ZONES[z];
    if (!z) throw new RangeError('Invalid time zone specified: ' + name);
    return z;
  }
  function defaultZone() {
    let tz;
    try { tz = require('process').env.TZ; } catch { tz = undefined; }
    if (tz) { tz = String(tz).replace(/^:/, ''); try { return zoneOf(tz); } catch { /* unsupported zone: UTC */ } }
    return ZONES.utc;
  }
  const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const ZH_MONTHS = ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月'];
  const ZH_DAYS = '日一二三四五六';
  const STYLES = {
    en: {
      date: { full: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }, long: { year: 'numeric', month: 'long', day: 'numeric' }, medium: { year: 'numeric', month: 'short', day: 'numeric' }, short: { year: '2-digit', month: 'numeric', day: 'numeric' } },
      hour: 'numeric',
    },
    zh: {
      date: { full: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }, long: { year: 'numeric', month: 'long', day: 'numeric' }, medium: { year: 'numeric', month: 'long', day: 'numeric' }, short: { year: 'numeric', month: 'numeric', day: 'numeric' } },
      hour: '2-digit',
    },
  };
  const FIELDS = ['weekday', 'era', 'year', 'month', 'day', 'hour', 'minute', 'second', 'timeZoneName'];
  const FIELD_VALUES = { weekday: ['narrow', 'short', 'long'], era: ['narrow', 'short', 'long'], year: ['2-digit', 'numeric'], month: ['2-digit', 'numeric', 'narrow', 'short', 'long'], day: ['2-digit', 'numeric'], hour: ['2-digit', 'numeric'], minute: ['2-digit', 'numeric'], second: ['2-digit', 'numeric'], timeZoneName: ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric'] };
  // required: 'date' | 'time' | 'any'; defaults: 'date' | 'time' | 'all'
  function dtfInit(self, locales, options, required, defaults) {
    const [locale, lang] = resolveLocale(locales);
    const o = opts(options);
    const r = { locale, lang, calendar: 'gregory', numberingSystem: 'latn' };
    const h12 = o.hour12 === undefined ? undefined : Boolean(o.hour12);
    const hcOpt = getOpt(o, 'hourCycle', ['h11', 'h12', 'h23', 'h24']);
    const tz = o.timeZone;
    r.zone = tz === undefined ? defaultZone() : zoneOf(tz);
    r.timeZone = r.zone[0];
    const f = {};
    for (const k of FIELDS) f[k] = getOpt(o, k, FIELD_VALUES[k]);
    const dateStyle = getOpt(o, 'dateStyle', ['full', 'long', 'medium', 'short']);
    const timeStyle = getOpt(o, 'timeStyle', ['full', 'long', 'medium', 'short']);
    if (dateStyle || timeStyle) {
      for (const k of FIELDS) if (f[k] !== undefined) throw new TypeError(`Can't set option ${k} when ${dateStyle ? 'dateStyle' : 'timeStyle'} is used`);
      if (required === 'date' && !dateStyle) throw new TypeError("Invalid option : timeStyle");
      if (required === 'time' && !timeStyle) throw new TypeError("Invalid option : dateStyle");
      if (dateStyle) Object.assign(f, STYLES[lang].date[dateStyle]);
      if (timeStyle) {
        f.hour = STYLES[lang].hour; f.minute = '2-digit';
        if (timeStyle !== 'short') f.second = '2-digit';
        if (timeStyle === 'full') f.timeZoneName = 'long';
        if (timeStyle === 'long') f.timeZoneName = 'short';
      }
      r.dateStyle = dateStyle; r.timeStyle = timeStyle; r.styled = true;
    } else {
      let need = true;
      if (required !== 'time' && (f.weekday || f.year || f.month || f.day)) need = false;
      if (required !== 'date' && (f.hour || f.minute || f.second)) need = false;
      if (need && (defaults === 'date' || defaults === 'all')) { f.year = f.month = f.day = 'numeric'; }
      if (need && (defaults === 'time' || defaults === 'all')) { f.hour = f.minute = f.second = 'numeric'; }
    }
    if (f.hour) {
      let hc;
      if (h12 !== undefined) hc = h12 ? (lang === 'zh' ? 'h11' : 'h12') : (lang === 'zh' ? 'h23' : 'h24');
      else hc = hcOpt || (lang === 'zh' ? 'h23' : 'h12');
      r.hourCycle = hc; r.hour12 = hc === 'h11' || hc === 'h12';
    }
    r.f = f;
    self.dtf = r;
  }
  function pad2(n) { return n < 10 ? '0' + n : String(n); }
  function dateParts(r, t) {
    t = t === undefined ? Date.now() : Number(t);
    if (!isFinite(t) || Math.abs(t) > 8.64e15) throw new RangeError('Invalid time value');
    const zone = r.zone, lang = r.lang, f = r.f, d = new Date(Math.trunc(t) + zone[1] * 60000);
    const Y = d.getUTCFullYear(), M = d.getUTCMonth(), D = d.getUTCDate(), W = d.getUTCDay();
    const H = d.getUTCHours(), MI = d.getUTCMinutes(), S = d.getUTCSeconds();
    const P = [];
    const lit = (v) => { if (!v) return; const last = P[P.length - 1]; if (last && last.type === 'literal') last.value += v; else P.push({ type: 'literal', value: v }); };
    const add = (type, value) => P.push({ type, value: String(value) });
    const yv = () => (f.year === '2-digit' ? pad2(Math.abs(Y) % 100) : String(Y <= 0 ? 1 - Y : Y));
    const dv = () => (f.day === '2-digit' ? pad2(D) : String(D));
    const monthText = f.month === 'long' || f.month === 'short' || f.month === 'narrow';
    let wd;
    if (f.weekday) wd = lang === 'zh' ? (f.weekday === 'long' ? '星期' : f.weekday === 'short' ? '周' : '') + ZH_DAYS[W] : f.weekday === 'long' ? EN_DAYS[W] : f.weekday === 'short' ? EN_DAYS[W].slice(0, 3) : EN_DAYS[W][0];
    const tzName = () => {
      if (f.timeZoneName === 'long' || f.timeZoneName === 'longGeneric') return lang === 'zh' ? zone[3] : zone[2];
      if (zone[1] === 0) return f.timeZoneName === 'longOffset' ? 'GMT' : 'UTC';
      const h = Math.floor(zone[1] / 60), m = zone[1] % 60;
      return f.timeZoneName === 'longOffset' ? `GMT+${pad2(h)}:${pad2(m)}` : `GMT+${h}${m ? ':' + pad2(m) : ''}`;
    };
    const hasDate = !!(f.weekday || f.year || f.month || f.day), hasTime = !!(f.hour || f.minute || f.second);
    const ymd = ['year', 'month', 'day'].filter((k) => f[k]);
    // date
    if (lang === 'zh') {
      if (ymd.length === 1) {
        if (f.year) add('year', yv()), lit('年');
        else if (f.month) f.month === 'long' ? add('month', ZH_MONTHS[M]) : f.month === 'narrow' ? add('month', M + 1) : f.month === 'short' ? add('month', M + 1 + '月') : (add('month', f.month === '2-digit' ? pad2(M + 1) : M + 1), lit('月'));
        else add('day', dv()), lit('日');
      } else if (ymd.length) {
        const mv = f.month === '2-digit' ? pad2(M + 1) : String(M + 1);
        if (monthText) { if (f.year) add('year', yv()), lit('年'); if (f.month) add('month', mv), lit('月'); if (f.day) add('day', dv()), lit('日'); }
        else ymd.forEach((k, i) => { if (i) lit('/'); add(k, k === 'year' ? yv() : k === 'month' ? mv : dv()); });
      }
      if (wd) add('weekday', wd);
    } else {
      if (wd) { add('weekday', wd); if (ymd.length) lit(', '); }
      if (monthText) {
        add('month', f.month === 'long' ? EN_MONTHS[M] : f.month === 'short' ? EN_MONTHS[M].slice(0, 3) : EN_MONTHS[M][0]);
        if (f.day) lit(' '), add('day', dv());
        if (f.year) lit(f.day ? ', ' : ' '), add('year', yv());
      } else {
        ['month', 'day', 'year'].filter((k) => f[k]).forEach((k, i) => { if (i) lit('/'); add(k, k === 'year' ? yv() : k === 'month' ? (f.month === '2-digit' ? pad2(M + 1) : M + 1) : dv()); });
      }
      if (f.era) lit(' '), add('era', Y > 0 ? (f.era === 'long' ? 'Anno Domini' : f.era === 'short' ? 'AD' : 'A') : (f.era === 'long' ? 'Before Christ' : f.era === 'short' ? 'BC' : 'B'));
    }
    // time
    if (hasTime) {
      if (hasDate) lit(lang === 'zh' ? ' ' : f.month === 'long' ? ' at ' : ymd.length ? ', ' : ' ');
      if (lang === 'zh' && f.timeZoneName) add('timeZoneName', tzName()), lit(' ');
      const hc = r.hourCycle, twelve = hc === 'h11' || hc === 'h12';
      const hv = hc === 'h12' ? H % 12 || 12 : hc === 'h11' ? H % 12 : hc === 'h24' ? H || 24 : H;
      const pm = H >= 12 ? 1 : 0;
      if (twelve && lang === 'zh' && f.hour) add('dayPeriod', pm ? '下午' : '上午');
      if (f.hour) add('hour', (f.hour === '2-digit' || (!twelve && f.minute && (lang === 'en' || f.minute === 'numeric'))) ? pad2(hv) : hv);
      if (f.minute) { if (f.hour) lit(':'); add('minute', f.hour || f.second ? pad2(MI) : MI); }
      if (f.second) { if (f.hour || f.minute) lit(':'); add('second', f.hour || f.minute ? pad2(S) : S); }
      if (f.hour && !f.minute && lang === 'zh') lit('时');
      if (twelve && lang === 'en' && f.hour) lit(' '), add('dayPeriod', pm ? 'PM' : 'AM');
    }
    if (f.timeZoneName && !(lang === 'zh' && hasTime)) {
      lit(hasTime ? ' ' : P.length ? (lang === 'zh' ? ' ' : ', ') : '');
      add('timeZoneName', tzName());
    }
    // ICU puts U+202F before AM/PM; Node 20's format() (not formatToParts) turns it into a plain space
    for (let i = 0; i + 1 < P.length; i++) if (P[i + 1].type === 'dayPeriod' && P[i].type === 'literal' && lang === 'en') P[i].value = P[i].value.replace(/ $/, NNBSP);
    return P;
  }
  const toTime = (d) => (d === undefined ? Date.now() : d instanceof Date ? d.getTime() : Number(d));
  class DateTimeFormat {
    #r;
    constructor(locales, options) {
      const box = {};
      dtfInit(box, locales, options, 'any', 'date');
      this.#r = box.dtf;
    }
    get format() {
      const f = (d) => parts2str(dateParts(this.#r, toTime(d))).replace(/\u202f/g, ' ');
      Object.defineProperty(this, 'format', { value: f, configurable: true });
      return f;
    }
    formatToParts(d) { return dateParts(this.#r, toTime(d)); }
    formatRange(a, b) { const x = this.format(a), y = this.format(b); return x === y ? x : `${x} – ${y}`; }
    resolvedOptions() {
      const r = this.#r, out = { locale: r.locale, calendar: r.calendar, numberingSystem: r.numberingSystem, timeZone: r.timeZone };
      if (r.hourCycle) { out.hourCycle = r.hourCycle; out.hour12 = r.hour12; }
      if (!r.styled) { for (const k of FIELDS) if (r.f[k]) out[k] = k === 'minute' || k === 'second' ? (r.f.hour || r.f.minute && r.f.second ? '2-digit' : r.f[k]) : k === 'hour' && r.f.minute && !r.hour12 && (r.lang === 'en' || r.f.minute === 'numeric') ? '2-digit' : k === 'month' && r.lang === 'zh' && (r.f.month === 'short' || r.f.month === 'long') && (r.f.day || r.f.year) ? 'numeric' : r.f[k]; }
      if (r.dateStyle) out.dateStyle = r.dateStyle;
      if (r.timeStyle) out.timeStyle = r.timeStyle;
      return out;
    }
  }
  defineClass(DateTimeFormat, 'DateTimeFormat');
  function dateToLocale(d, locales, options, required, defaults) {
    const t = Date.prototype.getTime.call(d);
    if (t !== t) return 'Invalid Date';
    const box = {};
    dtfInit(box, locales, options, required, defaults);
    return parts2str(dateParts(box.dtf, t)).replace(/\u202f/g, ' ');
  }

  // ---- PluralRules ----
  class PluralRules {
    #r;
    constructor(locales, options) {
      const [locale, lang] = resolveLocale(locales);
      const o = opts(options);
      const type = getOpt(o, 'type', ['cardinal', 'ordinal'], 'cardinal');
      const nf = new NumberFormat('en', o);
      this.#r = { locale: lang === 'en' || lang === 'zh' ? lang : locale, lang, type, nf }; // ICU resolves plural rules per language
    }
    select(n) {
      const r = this.#r;
      n = Number(n);
      if (r.lang === 'zh' || !isFinite(n)) return 'other';
      if (r.type === 'ordinal') {
        const i = Math.abs(Math.trunc(n)), a = i % 10, b = i % 100;
        if (n !== Math.trunc(n)) return 'other';
        return a === 1 && b !== 11 ? 'one' : a === 2 && b !== 12 ? 'two' : a === 3 && b !== 13 ? 'few' : 'other';
      }
      const s = r.nf.format(Math.abs(n));
      return s === '1' ? 'one' : 'other';
    }
    resolvedOptions() {
      const r = this.#r, n = r.nf.resolvedOptions(), out = { locale: r.locale, type: r.type, minimumIntegerDigits: n.minimumIntegerDigits };
      for (const k of ['minimumFractionDigits', 'maximumFractionDigits', 'minimumSignificantDigits', 'maximumSignificantDigits']) if (n[k] !== undefined) out[k] = n[k];
      out.pluralCategories = r.lang === 'zh' ? ['other'] : r.type === 'ordinal' ? ['few', 'one', 'two', 'other'] : ['one', 'other'];
      return out;
    }
  }
  defineClass(PluralRules, 'PluralRules');

  // ---- Collator ----
  // Primary order of ASCII punctuation as ICU's root collation sorts it; then digits, then letters.
  const PUNCT = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
  // -> [primary weights, secondary (accents), tertiary (case)]
  function collKeys(s, numeric) {
    const p = [], sec = [], ter = [];
    s = String(s).normalize('NFD');
    for (let i = 0; i < s.length;) {
      const cp = s.codePointAt(i), ch = String.fromCodePoint(cp);
      i += ch.length;
      if (/\p{M}/u.test(ch)) { if (sec.length) sec[sec.length - 1] += ch; continue; }
      if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) continue;
      if (cp >= 48 && cp <= 57) {
        if (numeric) {
          let j = i; while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
          const run = s.slice(i - 1, j).replace(/^0+(?=.)/, '');
          i = j;
          p.push(100 + Math.min(run.length, 99) / 100);
          for (const c of run) { p.push(100 + (c.charCodeAt(0) - 48) / 10); sec.push(''); ter.push(0); }
          sec.push(''); ter.push(0);
          continue;
        }
        p.push(100 + (cp - 48) / 10); sec.push(''); ter.push(0); continue;
      }
      const lower = ch.toLowerCase();
      const k = PUNCT.indexOf(ch);
      if (k >= 0) p.push(k + 1);
      else if (/\s/.test(ch)) p.push(0.5);
      else if (/\p{L}/u.test(ch)) p.push(lower.codePointAt(0) < 128 ? 200 + lower.charCodeAt(0) : 1000 + lower.codePointAt(0));
      else p.push(50 + cp / 0x110000);
      sec.push('');
      ter.push(lower !== ch ? 1 : 0);
    }
    return [p, sec, ter];
  }
  function cmpArr(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  class Collator {
    #r;
    constructor(locales, options) {
      const [locale] = resolveLocale(locales);
      const o = opts(options);
      const usage = getOpt(o, 'usage', ['sort', 'search'], 'sort');
      const sensitivity = getOpt(o, 'sensitivity', ['base', 'accent', 'case', 'variant'], 'variant');
      const ignorePunctuation = Boolean(o.ignorePunctuation);
      const numeric = Boolean(o.numeric);
      const caseFirst = getOpt(o, 'caseFirst', ['upper', 'lower', 'false'], 'false');
      this.#r = { locale, usage, sensitivity, ignorePunctuation, collation: 'default', numeric, caseFirst };
    }
    get compare() {
      const r = this.#r;
      const f = (a, b) => {
        let [pa, sa, ta] = collKeys(a, r.numeric), [pb, sb, tb] = collKeys(b, r.numeric);
        if (r.ignorePunctuation) {
          const keep = (p, s, t) => { const P = [], S = [], T = []; p.forEach((w, i) => { if (w >= 100) P.push(w), S.push(s[i]), T.push(t[i]); }); return [P, S, T]; };
          [pa, sa, ta] = keep(pa, sa, ta); [pb, sb, tb] = keep(pb, sb, tb);
        }
        let c = cmpArr(pa, pb);
        if (c) return c;
        const sens = r.sensitivity;
        if (sens === 'accent' || sens === 'variant') { c = cmpArr(sa, sb); if (c) return c; }
        if (sens === 'case' || sens === 'variant') {
          if (r.caseFirst === 'upper') { ta = ta.map((x) => 1 - x); tb = tb.map((x) => 1 - x); }
          c = cmpArr(ta, tb); if (c) return c;
        }
        if (sens === 'variant') { const x = String(a).normalize(), y = String(b).normalize(); return x === y ? 0 : x < y ? -1 : 1; }
        return 0;
      };
      Object.defineProperty(this, 'compare', { value: f, configurable: true });
      return f;
    }
    resolvedOptions() { return { ...this.#r }; }
  }
  defineClass(Collator, 'Collator');

  // ---- RelativeTimeFormat ----
  const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
  const EN_SHORT = { second: 'sec.', minute: 'min.', hour: 'hr.', day: ['day', 'days'], week: 'wk.', month: 'mo.', quarter: ['qtr.', 'qtrs.'], year: 'yr.' };
  const EN_NARROW = { second: 's', minute: 'm', hour: 'h', day: 'd', week: 'w', month: 'mo', quarter: 'q', year: 'y' };
  const EN_AUTO = { second: [null, 'now', null], minute: [null, 'this minute', null], hour: [null, 'this hour', null], day: ['yesterday', 'today', 'tomorrow'] };
  const ZH_UNIT = { second: '秒钟', minute: '分钟', hour: '小时', day: '天', week: '周', month: '个月', quarter: '个季度', year: '年' };
  const ZH_AUTO = { second: [null, '现在', null], minute: [null, '此刻', null], hour: [null, '这一时间 / 此时', null], day: ['昨天', '今天', '明天'], week: ['上周', '本周', '下周'], month: ['上个月', '本月', '下个月'], quarter: ['上季度', '本季度', '下季度'], year: ['去年', '今年', '明年'] };
  class RelativeTimeFormat {
    #r;
    constructor(locales, options) {
      const [locale, lang] = resolveLocale(locales);
      const o = opts(options);
      const style = getOpt(o, 'style', ['long', 'short', 'narrow'], 'long');
      const numeric = getOpt(o, 'numeric', ['always', 'auto'], 'always');
      this.#r = { locale, lang, style, numeric, nf: new NumberFormat(locale) };
    }
    formatToParts(value, unit) {
      const r = this.#r;
      value = Number(value);
      const u = String(unit).replace(/s$/, '');
      if (!UNITS.includes(u)) throw new RangeError(`Invalid unit argument for Intl.RelativeTimeFormat.prototype.format() '${unit}'`);
      if (!isFinite(value)) throw new RangeError('Invalid time value');
      const past = value < 0 || Object.is(value, -0);
      if (r.numeric === 'auto' && r.lang === 'zh' && u === 'day' && (value === 2 || value === -2)) return [{ type: 'literal', value: value > 0 ? '后天' : '前天' }];
      if (r.numeric === 'auto' && (value === -1 || value === 0 || value === 1)) {
        let t = (r.lang === 'zh' ? ZH_AUTO : EN_AUTO)[u];
        let s = t && t[value + 1];
        if (!s && r.lang === 'en' && ['week', 'month', 'quarter', 'year'].includes(u)) {
          const name = r.style === 'long' ? u : [].concat(EN_SHORT[u])[0];
          s = (value < 0 ? 'last ' : value > 0 ? 'next ' : 'this ') + name;
        }
        if (r.lang === 'zh' && u === 'second' && r.style !== 'long' && value === 0) s = '现在';
        if (s) return [{ type: 'literal', value: s }];
      }
      const num = r.nf.formatToParts(Math.abs(value)).map((p) => ({ ...p, unit: u }));
      const one = Math.abs(value) === 1;
      let pre = '', post = '';
      if (r.lang === 'zh') {
        post = (u === 'second' && r.style !== 'long' ? '秒' : ZH_UNIT[u]) + (past ? '前' : '后');
      } else {
        let name;
        if (r.style === 'long') name = ' ' + u + (one ? '' : 's');
        else if (r.style === 'short') { const s = EN_SHORT[u]; name = ' ' + (Array.isArray(s) ? s[one ? 0 : 1] : s); }
        else name = EN_NARROW[u];
        if (past) post = name + ' ago'; else { pre = 'in '; post = name; }
      }
      const parts = [];
      if (pre) parts.push({ type: 'literal', value: pre });
      parts.push(...num);
      if (post) parts.push({ type: 'literal', value: post });
      return parts;
    }
    format(value, unit) { return parts2str(this.formatToParts(value, unit)); }
    resolvedOptions() { const r = this.#r; return { locale: r.locale, style: r.style, numeric: r.numeric, numberingSystem: 'latn' }; }
  }
  defineClass(RelativeTimeFormat, 'RelativeTimeFormat');

  // ---- Segmenter (approximate UAX #29) ----
  const EXTEND = /^[\p{M}\u200c\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u, RI = /^[\u{1f1e6}-\u{1f1ff}]$/u;
  function graphemes(s) {
    const out = [];
    let cur = '', prev = '', riRun = 0;
    for (const ch of s) {
      const join = cur && (EXTEND.test(ch) || prev === '\u200d' || (prev === '\r' && ch === '\n') || (RI.test(ch) && RI.test(prev) && riRun % 2 === 1));
      if (join) cur += ch; else { if (cur) out.push(cur); cur = ch; }
      riRun = RI.test(ch) ? riRun + 1 : 0;
      prev = ch;
    }
    if (cur) out.push(cur);
    return out.map((segment) => ({ segment }));
  }
  const WORD = /((?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}_])+(?:['.:’](?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}_])+)*)|([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])|([^\S\r\n]+|\r\n|(?:[\u{1f1e6}-\u{1f1ff}]{2}|[\s\S])(?:[\p{M}\ufe0f\u{1f3fb}-\u{1f3ff}]|\u200d[\s\S])*)/gu;
  const words = (s) => Array.from(s.matchAll(WORD), (m) => ({ segment: m[0], isWordLike: m[3] === undefined }));
  const sentences = (s) => Array.from(s.matchAll(/(?:[^.!?。！？\r\n]|\.(?=[\p{L}\p{N}]))*(?:[.!?。！？]+['"”’)\]]*[^\S\r\n]*(?:\r?\n)?|\r?\n|$)/gu), (m) => ({ segment: m[0] })).filter((x) => x.segment);
  class Segmenter {
    #r;
    constructor(locales, options) {
      const [locale] = resolveLocale(locales);
      const o = opts(options);
      this.#r = { locale, granularity: getOpt(o, 'granularity', ['grapheme', 'word', 'sentence'], 'grapheme') };
    }
    segment(input) {
      input = String(input);
      const g = this.#r.granularity;
      const list = g === 'word' ? words(input) : g === 'sentence' ? sentences(input) : graphemes(input);
      let index = 0;
      const segs = list.map((x) => { const o = { segment: x.segment, index, input }; if (g === 'word') o.isWordLike = x.isWordLike; index += x.segment.length; return o; });
      const proto = {
        containing(i) { i = i === undefined ? 0 : Math.trunc(Number(i)) || 0; return segs.find((s) => i >= s.index && i < s.index + s.segment.length); },
        [Symbol.iterator]() { return segs.map((s) => ({ ...s }))[Symbol.iterator](); },
      };
      return Object.create(proto);
    }
    resolvedOptions() { return { ...this.#r }; }
  }
  defineClass(Segmenter, 'Segmenter');

  function supportedValuesOf(key) {
    const v = {
      calendar: ['gregory'], collation: ['default'], currency: Object.keys(CUR_SYM.en).sort(), numberingSystem: ['latn'],
      timeZone: ['Asia/Hong_Kong', 'Asia/Shanghai', 'Asia/Tokyo', 'UTC'],
      unit: [],
    }[key];
    if (!v) throw new RangeError('Invalid key : ' + key);
    return v.slice();
  }

  const Intl = {};
  // ECMA-402 lets Collator, DateTimeFormat and NumberFormat be called without `new` (as
  // `Intl.DateTimeFormat().resolvedOptions()` is): a class cannot be, so those three are wrapped.
  const callable = (C) => new Proxy(C, { apply: (_target, _this, args) => new C(...args) });
  for (const [k, v] of Object.entries({ getCanonicalLocales, supportedValuesOf, Collator: callable(Collator), DateTimeFormat: callable(DateTimeFormat), ListFormat, NumberFormat: callable(NumberFormat), PluralRules, RelativeTimeFormat, Segmenter })) {
    Object.defineProperty(Intl, k, { value: v, writable: true, configurable: true, enumerable: true });
  }
  Object.defineProperty(Intl, Symbol.toStringTag, { value: 'Intl', configurable: true });

  // Points the built-in locale methods at this Intl (Node passes (locales, options) through).
  function install(g) {
    const def = (proto, name, fn) => Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
    const thisNum = (v) => { if (typeof v === 'number') return v; if (v instanceof g.Number) return g.Number.prototype.valueOf.call(v); throw new TypeError('Number.prototype.toLocaleString requires that \'this\' be a Number'); };
    const nfs = new Map();
    const cachedNF = (l, o) => { if (l !== undefined || o !== undefined) return new NumberFormat(l, o); let f = nfs.get(''); if (!f) nfs.set('', f = new NumberFormat()); return f; };
    def(g.Number.prototype, 'toLocaleString', { toLocaleString(l, o) { return cachedNF(l, o).format(thisNum(this)); } }.toLocaleString);
    def(g.BigInt.prototype, 'toLocaleString', { toLocaleString(l, o) { return cachedNF(l, o).format(g.BigInt.prototype.valueOf.call(this)); } }.toLocaleString);
    def(g.Date.prototype, 'toLocaleString', { toLocaleString(l, o) { return dateToLocale(this, l, o, 'any', 'all'); } }.toLocaleString);
    def(g.Date.prototype, 'toLocaleDateString', { toLocaleDateString(l, o) { return dateToLocale(this, l, o, 'date', 'date'); } }.toLocaleDateString);
    def(g.Date.prototype, 'toLocaleTimeString', { toLocaleTimeString(l, o) { return dateToLocale(this, l, o, 'time', 'time'); } }.toLocaleTimeString);
    let coll;
    def(g.String.prototype, 'localeCompare', { localeCompare(that, l, o) {
      if (this == null) throw new TypeError('String.prototype.localeCompare called on null or undefined');
      const c = l === undefined && o === undefined ? (coll ||= new Collator()) : new Collator(l, o);
      return c.compare(String(this), String(that));
    } }.localeCompare);
    def(g.Array.prototype, 'toLocaleString', { toLocaleString(l, o) {
      const a = Object(this), n = Math.min(Number(a.length) || 0, 2 ** 53 - 1);
      let s = '';
      for (let i = 0; i < n; i++) { if (i) s += ','; const x = a[i]; if (x != null) s += x.toLocaleString(l, o); }
      return s;
    } }.toLocaleString);
  }
  Object.defineProperty(Intl, 'install', { value: install, writable: true, configurable: true, enumerable: false });

  module.exports = Intl;
})
