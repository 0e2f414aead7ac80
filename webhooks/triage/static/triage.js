// The triage page works without this script; it adds keys and a live preview.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("article.suggestion"));
  }

  function current(list) {
    var here = document.activeElement && document.activeElement.closest("article.suggestion");
    return here ? list.indexOf(here) : -1;
  }

  function show(item) {
    item.focus();
    item.scrollIntoView({ block: "start" });
  }

  function act(item, key) {
    var target = item.querySelector('[data-key="' + key + '"]');
    if (!target) return;
    if (target.tagName === "SELECT") target.focus();
    else target.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    var list = items();
    if (!list.length) return;
    var at = current(list);
    if (event.key === "j" || event.key === "k") {
      var next = at + (event.key === "j" ? 1 : -1);
      show(list[Math.max(0, Math.min(list.length - 1, next))]);
    } else if ("aers".indexOf(event.key) >= 0 && event.key.length === 1) {
      act(list[Math.max(at, 0)], event.key);
    } else {
      return;
    }
    event.preventDefault();
  });

  var area = document.querySelector("textarea[data-preview]");
  var preview = document.getElementById("preview");
  if (!area || !preview || !window.fetch) return;
  var timer = null;
  area.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var body = new FormData();
      body.append("text", area.value);
      fetch(area.dataset.preview, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.content : "" },
      }).then(function (response) {
        // The server sanitized this HTML with nh3 before sending it.
        if (response.ok) return response.text().then(function (html) { preview.innerHTML = html; });
      });
    }, 300);
  });
})();
