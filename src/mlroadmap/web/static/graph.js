// Zoom and pan for the roadmap graph, and a side panel for the chosen topic.
// Text from the API is inserted with textContent only, never as HTML.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const svg = document.getElementById("graph");
  if (!svg) return;
  const box = svg.viewBox.baseVal;
  const full = { x: box.x, y: box.y, width: box.width, height: box.height };
  // Start at a readable scale (about four columns across), matching the element's shape.
  const shown = svg.getBoundingClientRect();
  if (shown.width > 0 && full.width > 1100) {
    box.width = 1100;
    box.height = 1100 * (shown.height / shown.width);
  }

  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    const factor = event.deltaY > 0 ? 1.15 : 1 / 1.15;
    const rect = svg.getBoundingClientRect();
    const px = box.x + ((event.clientX - rect.left) / rect.width) * box.width;
    const py = box.y + ((event.clientY - rect.top) / rect.height) * box.height;
    box.width = Math.min(Math.max(box.width * factor, 200), full.width * 2);
    box.height = box.width * (full.height / full.width);
    box.x = px - ((event.clientX - rect.left) / rect.width) * box.width;
    box.y = py - ((event.clientY - rect.top) / rect.height) * box.height;
  }, { passive: false });

  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest("a.node")) return;
    drag = { x: event.clientX, y: event.clientY, bx: box.x, by: box.y };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const scale = box.width / svg.getBoundingClientRect().width;
    box.x = drag.bx - (event.clientX - drag.x) * scale;
    box.y = drag.by - (event.clientY - drag.y) * scale;
  });
  svg.addEventListener("pointerup", () => { drag = null; });

  const panel = document.getElementById("panel");
  const fill = (id, text) => { document.getElementById(id).textContent = text; };
  const list = (id, items, render) => {
    const target = document.getElementById(id);
    target.replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      render(li, item);
      return li;
    }));
  };

  async function show(topicId) {
    const response = await fetch(`/api/v1/topics/${encodeURIComponent(topicId)}`);
    if (!response.ok) return;
    const topic = await response.json();
    fill("panel-title", topic.title);
    fill("panel-meta", `${topic.area} · ${topic.level} · ${topic.hours} h`);
    const body = document.getElementById("panel-body");
    body.replaceChildren(...topic.body.split(/\n\n+/).slice(0, 3).map((part) => {
      const p = document.createElement("p");
      p.textContent = part.replace(/^#+\s*/, "");
      return p;
    }));
    list("panel-objectives", topic.objectives, (li, text) => { li.textContent = text; });
    list("panel-resources", topic.resources, (li, r) => {
      if (r.url) {
        const a = document.createElement("a");
        a.href = r.url;
        a.rel = "noopener noreferrer";
        a.textContent = r.title || r.id;
        li.append(a);
      } else {
        li.textContent = r.title || r.id;
      }
    });
    document.getElementById("panel-form").action = `/progress/${encodeURIComponent(topic.id)}`;
    document.getElementById("panel-link").href = `/topics/${encodeURIComponent(topic.id)}`;
    panel.hidden = false;
    document.getElementById("panel-close").focus();
  }

  svg.querySelectorAll("a.node").forEach((node) => {
    node.addEventListener("click", (event) => {
      event.preventDefault();
      show(node.dataset.topic);
    });
  });
  document.getElementById("panel-close").addEventListener("click", () => { panel.hidden = true; });
});
