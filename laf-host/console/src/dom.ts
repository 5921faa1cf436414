// The console's one DOM helper: an element with attributes (`on…` ones are event listeners;
// `false` and `undefined` leave the attribute out) and children.
export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, any> = {}, ...children: (Node | string)[]) => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v)
    else if (v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : String(v))
  }
  e.append(...children)
  return e
}
