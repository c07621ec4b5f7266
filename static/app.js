// Small progressive enhancements; every page works without this file.
"use strict";

// A number as people type it in a grid: 24,000 / 2.4万 / 3% / 1.5 千; null when unreadable.
function typedNumber(text) {
  let t = String(text).trim().replace(/[,，\s]/g, "");
  if (t === "") return null;
  let factor = 1;
  if (/[%％]$/.test(t)) { factor = 0.01; t = t.slice(0, -1); }
  else if (/万$/.test(t)) { factor = 10000; t = t.slice(0, -1); }
  else if (/千$/.test(t)) { factor = 1000; t = t.slice(0, -1); }
  else if (/亿$/.test(t)) { factor = 100000000; t = t.slice(0, -1); }
  t = t.replace(/^[¥￥]/, "").replace(/元$/, "");
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t) * factor;
}

// Grouped digits with a fixed number of decimals, as the server writes them.
function grouped(value, places) {
  return value.toLocaleString("en-US", { minimumFractionDigits: places, maximumFractionDigits: places });
}

// The targets grid shows buyers (UV × conversion) and sales (UV × conversion × AOV) as one
// types; the server computes them again when the grid is saved.
function deriveTargets(row) {
  const cell = (name) => row.querySelector("input[name^='" + name + ".']");
  const uv = typedNumber(cell("uv").value);
  let cr = typedNumber(cell("cr").value);
  const aov = typedNumber(cell("aov").value);
  const [buyers, sales] = row.querySelectorAll("td.derived");
  if (cr !== null && !/[%％]\s*$/.test(cell("cr").value) && cr > 1) cr = null;
  if (uv === null || cr === null || aov === null) {
    buyers.textContent = "";
    sales.textContent = "";
    return;
  }
  buyers.textContent = grouped(Math.round(uv * cr), 0);
  sales.textContent = grouped(Math.round(uv * cr * aov * 100) / 100, 2);
}

// The inputs of a grid, as rows of cells.
function gridCells(table) {
  return Array.from(table.querySelectorAll("tbody tr")).map((tr) =>
    Array.from(tr.querySelectorAll("input[type=text]")));
}

function changed(input) {
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

// A block copied from Excel (tab-separated lines) fills the grid from the cell pasted into.
function pasteBlock(table, event) {
  const text = (event.clipboardData || window.clipboardData).getData("text");
  if (!/[\t\n]/.test(text.trim())) return;
  const rows = gridCells(table);
  const at = event.target;
  const r0 = rows.findIndex((r) => r.includes(at));
  const c0 = rows[r0].indexOf(at);
  event.preventDefault();
  text.replace(/\r/g, "").replace(/\n$/, "").split("\n").forEach((line, i) => {
    line.split("\t").forEach((value, j) => {
      const input = rows[r0 + i] && rows[r0 + i][c0 + j];
      if (input) { input.value = value.trim(); changed(input); }
    });
  });
}

// Ctrl+D (as in Excel) copies the cell above into this one.
function fillDown(table, event) {
  if (!(event.key === "d" || event.key === "D") || !(event.ctrlKey || event.metaKey)) return;
  const rows = gridCells(table);
  const at = event.target;
  const r = rows.findIndex((row) => row.includes(at));
  if (r <= 0) return;
  event.preventDefault();
  at.value = rows[r - 1][rows[r].indexOf(at)].value;
  changed(at);
}

document.addEventListener("DOMContentLoaded", function () {
  // Buttons that destroy or revoke something ask first.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  document.querySelectorAll("table.grid-input").forEach(function (table) {
    table.addEventListener("paste", (event) => {
      if (event.target.matches("input[type=text]")) pasteBlock(table, event);
    });
    table.addEventListener("keydown", (event) => {
      if (event.target.matches("input[type=text]")) fillDown(table, event);
    });
  });
  // The month labels over the organization timeline sit where their months start.
  document.querySelectorAll(".timeline-ticks").forEach(function (axis) {
    axis.querySelectorAll(".tick[data-x]").forEach(function (tick) {
      tick.style.left = tick.getAttribute("data-x") + "%";
    });
    axis.classList.add("placed");
  });

  const targets = document.getElementById("targets-grid");
  if (targets) {
    targets.addEventListener("input", (event) => {
      const row = event.target.closest("tr");
      if (row) deriveTargets(row);
    });
  }
});
