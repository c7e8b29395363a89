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
      row.hidden = !matches;
      if (matches) shown += 1;
    });
    if (counter) counter.textContent = shown;
  };
  controls.addEventListener("input", apply);
  controls.addEventListener("change", apply);
}

document.querySelectorAll("table.sortable").forEach(sortable);
const board = document.getElementById("board");
if (board) filtering(document.getElementById("filters"), board, document.getElementById("shown"));
const date = document.getElementById("date");
if (date && !date.disabled) date.addEventListener("change", () => { if (date.value) date.form.submit(); });
