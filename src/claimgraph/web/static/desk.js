// claimgraph desk: sort and filter tables in the page, and choose the board's date. No library, no requests.
"use strict";

function sortable(table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  headers.forEach((th, column) => {
    if (!th.dataset.sort) return;
    th.addEventListener("click", () => {
      const ascending = !th.classList.contains("asc");
      headers.forEach(h => h.classList.remove("asc", "desc"));
      th.classList.add(ascending ? "asc" : "desc");
      const key = row => {
        const cell = row.cells[column];
        const value = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
        return th.dataset.sort === "number" ? Number(value || 0) : value.toLowerCase();
      };
      const rows = Array.from(table.tBodies[0].rows);
      rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (ascending ? 1 : -1));
      rows.forEach(row => table.tBodies[0].appendChild(row));
    });
  });
}

function filtering(controls, table, counter) {
  const apply = () => {
    const wanted = {};
    controls.querySelectorAll("[data-filter]").forEach(c => { wanted[c.dataset.filter] = c.value.trim(); });
    let shown = 0;
    Array.from(table.tBodies[0].rows).forEach(row => {
      const matches = Object.entries(wanted).every(([name, value]) => {
        if (!value) return true;
        if (name === "text") return row.textContent.toLowerCase().includes(value.toLowerCase());
        if (name === "status") return row.dataset.status === value;
        return (row.dataset[name] || "").split("|").includes(value);
      });
      const visible = matches && row.dataset.stated !== "no";
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    if (counter) counter.textContent = shown;
  };
  controls.addEventListener("input", apply);
  controls.addEventListener("change", apply);
  return apply;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const dayText = iso => { if (!iso) return ""; const [y, m, d] = iso.split("-").map(Number); return `${d} ${MONTHS[m - 1]} ${y}`; };

function statusBadge(status) {
  const badge = document.createElement("span");
  badge.className = `status ${status}`;
  badge.textContent = status;
  return badge;
}

// The static report's date picker: each row as the server would draw it on that day, from the
// board's timeline (every day a claim changed); a claim with no entry by then is not stated yet.
function replay(table, timeline, day, statuses) {
  const tally = {};
  let stated = 0;
  const rows = Array.from(table.tBodies[0].rows);
  rows.forEach(row => {
    let entry = null;
    const sources = [], articles = [];
    for (const e of timeline[row.dataset.claim] || []) {
      if (e.on > day) break;
      entry = e; sources.push(...e.sources); articles.push(...e.articles);
    }
    row.dataset.stated = entry ? "yes" : "no";
    if (!entry) return;
    stated += 1;
    tally[entry.status] = (tally[entry.status] || 0) + 1;
    sources.sort(); articles.sort();
    row.dataset.status = entry.status;
    row.dataset.sources = sources.join("|");
    row.dataset.articles = articles.join("|");
    row.dataset.last = entry.last;
    const [status, , asserted, confirmed, denied, first, last, speakers] = row.cells;
    status.dataset.value = statuses.indexOf(entry.status);
    status.replaceChildren(statusBadge(entry.status));
    asserted.textContent = entry.counts.asserted || "";
    confirmed.textContent = entry.counts.confirmed || "";
    denied.textContent = entry.counts.denied || "";
    first.dataset.value = entry.first; first.textContent = dayText(entry.first);
    last.dataset.value = entry.last; last.textContent = dayText(entry.last);
    speakers.dataset.value = sources.length;
    const clamp = speakers.querySelector(".clamp");
    clamp.title = sources.join(", ");
    clamp.textContent = `${sources.length}: ${sources.join(", ")}`;
  });
  // as the server orders the board: by standing, then the latest reported, then the text
  const text = row => row.querySelector(".claimtext a").textContent;
  rows.sort((a, b) => (statuses.indexOf(a.dataset.status) - statuses.indexOf(b.dataset.status))
    || (b.dataset.last || "").localeCompare(a.dataset.last || "") || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  rows.forEach(row => table.tBodies[0].appendChild(row));
  document.getElementById("stated").textContent = stated;
  document.getElementById("on").textContent = dayText(day);
  const counts = document.getElementById("tally");
  counts.replaceChildren();
  statuses.filter(s => tally[s]).forEach(s => { counts.append(statusBadge(s), ` ${tally[s]} `); });
}

document.querySelectorAll("table.sortable").forEach(sortable);
const board = document.getElementById("board");
const refilter = board ? filtering(document.getElementById("filters"), board, document.getElementById("shown")) : null;
const date = document.getElementById("date");
const timeline = document.getElementById("timeline");
if (date && timeline && board) {  // a static report: no server to ask
  const entries = JSON.parse(timeline.textContent);
  const statuses = Array.from(document.querySelectorAll("select[data-filter=status] option")).map(o => o.value).filter(Boolean);
  date.addEventListener("change", () => { if (date.value) { replay(board, entries, date.value, statuses); refilter(); } });
} else if (date) {
  date.addEventListener("change", () => { if (date.value) date.form.submit(); });
}
