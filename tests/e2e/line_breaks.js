() => {
  const lineCount = (range) => {
    const bottoms = [];
    for (const rect of range.getClientRects()) { if (rect.width > 0.5 && rect.height > 0.5) bottoms.push(Math.round(rect.bottom)); }
    bottoms.sort((a, b) => a - b); let n = 0, last = -1e9;
    for (const b of bottoms) { if (b - last > 6) n++; last = b; }
    return n;
  };
  const visible = (el) => el.getClientRects().length > 0 && !el.closest(".sr-only, [hidden]");
  const describe = (el, n) => el.tagName.toLowerCase() + "." + String(el.className).trim().replace(/\s+/g, ".") + " «" + el.innerText.replace(/\s+/g, " ").trim().slice(0, 40) + "» " + n + " lines";
  const bad = [];
  const seen = new Set();
  const check = (el) => {
    if (seen.has(el) || !visible(el)) return; seen.add(el);
    const r = document.createRange(); r.selectNodeContents(el);
    const n = lineCount(r);
    if (n > 1) bad.push(describe(el, n));
  };
  // Headers, pills, markers, amounts and what is marked as one word.
  document.querySelectorAll("th, .badge, .marker, .level, .state, .nowrap, .nw, td.num:not(:has(form, div, br))").forEach(check);
  // Any short cell without a space (a unit, a group, a period, an amount) is one word.
  document.querySelectorAll("td, dd").forEach((el) => {
    if (el.children.length > 1) return;
    const text = el.innerText.trim();
    if (text && text.length <= 12 && !/\s/.test(text)) check(el);
  });
  // Dates inside any text.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || !visible(node.parentElement)) continue;
    for (const m of node.data.matchAll(/\d{4}-\d{2}-\d{2}/g)) {
      const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const n = lineCount(r);
      if (n > 1) bad.push("date " + m[0] + " in " + describe(node.parentElement, n));
    }
  }
  const wraps = [...document.querySelectorAll(".table-wrap, .inline-group, #changelist .results")]
    .filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.className + " " + w.scrollWidth + ">" + w.clientWidth);
  return {bad, wide: [document.documentElement.scrollWidth, innerWidth], wraps};
}
