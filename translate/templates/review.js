(function () {
  "use strict";
  // Filter box: articles by name/title and by flag.
  var articles = Array.prototype.slice.call(document.querySelectorAll("article.art"));
  var query = document.getElementById("q");
  var flag = document.getElementById("flag");
  var shown = document.getElementById("shown");
  function matches(article, text, wanted) {
    if (text && article.dataset.name.indexOf(text) < 0) return false;
    if (!wanted) return true;
    var flagged = article.classList.contains("flagged");
    if (wanted === "*") return flagged;
    if (wanted === "-") return !flagged;
    return (" " + article.dataset.flags + " ").indexOf(" " + wanted + " ") >= 0;
  }
  function apply() {
    var text = query.value.trim().toLowerCase(), wanted = flag.value, count = 0;
    for (var i = 0; i < articles.length; i++) {
      var ok = matches(articles[i], text, wanted);
      articles[i].hidden = !ok;
      if (ok) count++;
    }
    shown.textContent = count + " of " + articles.length + " shown";
  }
  if (query && flag) {
    query.addEventListener("input", apply);
    flag.addEventListener("change", apply);
    apply();
  }

  // Sentence tables not in the page are built when first opened, from the rows packed at
  // the end of the page (gzipped JSON, unpacked by the browser, no network).
  // Every value goes in through textContent: nothing from an article becomes markup.
  function cell(row, text, css, lang) {
    var td = document.createElement("td");
    if (css) td.className = css;
    if (lang) td.lang = lang;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  var lazyRows = null;
  function loadRows() {
    if (lazyRows === null) {
      var source = document.getElementById("rows");
      var text = source ? source.textContent.trim() : "";
      if (!text) {
        lazyRows = Promise.resolve({});
      } else if (typeof DecompressionStream === "undefined") {
        lazyRows = Promise.reject(new Error("this browser cannot unpack the tables"));
      } else {
        var bytes = Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        lazyRows = new Response(stream).text().then(JSON.parse);
      }
    }
    return lazyRows;
  }
  function build(details) {
    var index = details.dataset.lazy;
    delete details.dataset.lazy;
    loadRows().then(function (all) {
      if (all[index]) details.appendChild(table(all[index]));
    }, function (error) {
      var note = document.createElement("p");
      note.className = "muted";
      note.textContent = error.message + "; the JSON record linked above has every sentence.";
      details.appendChild(note);
    });
  }
  function table(rows) {
    var t = document.createElement("table");
    t.className = "pairs";
    var head = t.createTHead().insertRow();
    [["#", "n"], ["Dutch", ""], ["English", ""], ["score", "sc"]].forEach(function (h) {
      var th = document.createElement("th");
      th.textContent = h[0];
      if (h[1]) th.className = h[1];
      head.appendChild(th);
    });
    var body = t.createTBody();
    rows.forEach(function (r, i) {
      var tr = body.insertRow();
      tr.className = r[4];
      cell(tr, String(i + 1), "n");
      cell(tr, r[0], "", "nl");
      cell(tr, r[1], "", "en");
      var score = cell(tr, r[2], "sc");
      r[3].forEach(function (name) {
        var span = document.createElement("span");
        span.className = "flag fl-" + name;
        span.textContent = name.replace(/_/g, " ");
        score.appendChild(span);
      });
    });
    return t;
  }
  function openTables(open) {
    articles.forEach(function (article) {
      var details = article.querySelector("details.pairs");
      if (details && (!open || !article.hidden)) details.open = open;
    });
  }
  var openAll = document.getElementById("open-all"), closeAll = document.getElementById("close-all");
  if (openAll) openAll.addEventListener("click", function () { openTables(true); });
  if (closeAll) closeAll.addEventListener("click", function () { openTables(false); });
  document.addEventListener("toggle", function (event) {
    var target = event.target;
    if (target.open && target.dataset && target.dataset.lazy !== undefined) build(target);
  }, true);

  // A link to one article (page.html#a12) opens its table.
  function openLinked() {
    var match = /^#a(\d+)$/.exec(location.hash);
    var article = match && document.getElementById("a" + match[1]);
    var details = article && article.querySelector("details.pairs");
    if (details) details.open = true;
  }
  window.addEventListener("hashchange", openLinked);
  openLinked();
})();
