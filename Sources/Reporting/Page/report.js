// Draws the report from the JSON in #report-data with Chart.js (inlined above this script).
// The Swift side writes data only; every chart and table is made here. When done, the page
// records what it drew on <body> (data-* attributes) so a headless browser test can check it.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var main = document.getElementById("report");
  var charts = [];
  var errors = [];
  window.addEventListener("error", function (event) { errors.push(String(event.message)); });

  var colors = { a: "#3b6fb6", b: "#e08a2e", pass: "#2e8b57", fail: "#c8553d", grey: "#8a94a6" };
  if (window.Chart) {
    Chart.defaults.animation = false;   // draw at once: printable, and testable without waiting
    Chart.defaults.font.size = 12;
    Chart.defaults.maintainAspectRatio = false;
  }

  // --- small DOM helpers -------------------------------------------------------------------
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key]; else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function add(parent, tag, attributes, children) { var node = el(tag, attributes, children); parent.appendChild(node); return node; }
  function num(value, digits) {
    if (value === null || value === undefined) return "–";
    if (typeof value !== "number") return String(value);
    if (digits !== undefined) return value.toFixed(digits);
    return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(2);
  }
  function pct(value) { return value === null || value === undefined ? "–" : (100 * value).toFixed(1) + "%"; }
  function seconds(value) {
    if (!value) return "0 s";
    if (value < 120) return value.toFixed(1) + " s";
    if (value < 7200) return (value / 60).toFixed(1) + " min";
    return (value / 3600).toFixed(2) + " h";
  }
  function figures(parent, items) {
    var box = add(parent, "div", { "class": "figures" });
    items.forEach(function (item) {
      if (item[1] === null || item[1] === undefined) return;
      add(box, "div", { "class": "figure" }, [el("div", { "class": "value", text: item[1] }), el("div", { "class": "name", text: item[0] })]);
    });
  }
  function table(parent, headers, rows, numeric) {
    var node = add(parent, "table");
    var head = add(add(node, "thead"), "tr");
    headers.forEach(function (h, i) { add(head, "th", { text: h, "class": numeric && numeric[i] ? "num" : "" }); });
    var body = add(node, "tbody");
    rows.forEach(function (row) {
      var tr = add(body, "tr");
      row.forEach(function (cell, i) {
        var td = add(tr, "td", { "class": numeric && numeric[i] ? "num" : "" });
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell;
      });
    });
    return node;
  }
  function counted(object) {
    return Object.keys(object || {}).map(function (k) { return [k, object[k]]; }).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
  }
  var sectionCount = 0;
  function section(title) {
    sectionCount += 1;
    var id = "section-" + sectionCount;
    add(document.getElementById("contents"), "a", { href: "#" + id, text: title });
    var node = add(main, "section", { id: id });
    add(node, "h2", { text: title });
    return node;
  }

  // --- charts ------------------------------------------------------------------------------
  function chart(grid, title, config, note) {
    var box = add(grid, "div", { "class": "chart" });
    add(box, "h3", { text: title });
    var holder = add(box, "div", { "class": "canvas-box" });
    var canvas = add(holder, "canvas", { "data-chart": title });
    if (note) add(box, "p", { "class": "note", text: note });
    if (!window.Chart) { errors.push("Chart.js did not load"); return; }
    config.options = config.options || {};
    config.options.plugins = config.options.plugins || {};
    charts.push({ canvas: canvas, chart: new Chart(canvas, config) });
  }
  function binLabels(histogram, whole) {
    var width = (histogram.upper - histogram.lower) / histogram.counts.length;
    return histogram.counts.map(function (_, i) {
      var from = histogram.lower + i * width;
      if (whole) {
        var a = Math.round(from), b = Math.round(from + width) - 1;
        return a >= b ? String(a) : a + "–" + b;
      }
      return from.toFixed(2) + "–" + (from + width).toFixed(2);
    });
  }
  function shares(counts) {
    var total = counts.reduce(function (s, c) { return s + c; }, 0) || 1;
    return counts.map(function (c) { return 100 * c / total; });
  }
  function axes(xTitle, yTitle) {
    return { x: { title: { display: !!xTitle, text: xTitle } }, y: { beginAtZero: true, title: { display: !!yTitle, text: yTitle } } };
  }
  function timelineChart(grid, timeline, title) {
    if (!timeline) return;
    var labels = timeline.buckets.map(function (_, i) { return seconds((i + 1) * timeline.bucketSeconds); });
    chart(grid, title, {
      data: { labels: labels, datasets: [
        { type: "bar", label: "requests done", data: timeline.buckets.map(function (b) { return b.finished; }), backgroundColor: colors.a, stack: "r" },
        { type: "bar", label: "requests failed", data: timeline.buckets.map(function (b) { return b.failed; }), backgroundColor: colors.fail, stack: "r" },
        { type: "line", label: "completion tokens/s", yAxisID: "tps", borderColor: colors.b, backgroundColor: colors.b, pointRadius: 0,
          data: timeline.buckets.map(function (b) { return b.completionTokens / timeline.bucketSeconds; }) }
      ] },
      options: { scales: { x: { stacked: true, title: { display: true, text: "time since start" } },
                           y: { stacked: true, beginAtZero: true, title: { display: true, text: "requests per " + seconds(timeline.bucketSeconds) } },
                           tps: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: "tokens/s" } } } }
    });
  }
  function usageFigures(parent, usage) {
    figures(parent, [
      ["requests", num(usage.units)], ["failed", num(usage.failedUnits)], ["pending", usage.pendingUnits ? num(usage.pendingUnits) : null],
      ["prompt tokens", num(usage.promptTokens)], ["completion tokens", num(usage.completionTokens)],
      ["wall time", seconds(usage.wallSeconds)], ["completion tokens/s", num(usage.completionTokensPerSecond, 1)],
      ["cost", usage.cost === undefined || usage.cost === null ? null : "$" + usage.cost.toFixed(4)]
    ]);
  }

  // --- Inverse-Instruct ----------------------------------------------------------------------
  function inverseInstruct(run) {
    var s = section("Inverse-Instruct: " + run.runDirectory.split("/").pop());
    add(s, "p", { "class": "path", text: run.runDirectory + (run.model ? " · model " + run.model : "") + (run.promptFormat ? " · prompt " + run.promptFormat : "") });
    if (!run.finished) add(s, "p", { "class": "note", text: "The run has not finished: no selection.jsonl yet, so nothing is selected." });
    var without = Object.keys(run.snippetsWithoutSelection).reduce(function (t, k) { return t + run.snippetsWithoutSelection[k]; }, 0);
    figures(s, [["snippets", num(run.snippets)], ["candidates", num(run.candidates)], ["usable candidates", num(run.usableCandidates)],
                ["scored", num(run.scoredCandidates)], ["selected pairs", num(run.selectedPairs)], ["snippets without a pick", num(without)]]);
    usageFigures(s, run.usage);
    var grid = add(s, "div", { "class": "charts" });
    chart(grid, "LM-score: all scored candidates and the selected ones", {
      type: "bar",
      data: { labels: binLabels(run.scoreAll), datasets: [
        { label: "all candidates (" + num(run.scoreAll.counts.reduce(function (a, b) { return a + b; }, 0)) + ")", data: shares(run.scoreAll.counts), backgroundColor: colors.grey },
        { label: "selected (" + num(run.selectedPairs) + ")", data: shares(run.scoreSelected.counts), backgroundColor: colors.a }
      ] },
      options: { scales: axes("LM-score = P(yes) / (P(yes) + P(no))", "% of the group") }
    });
    chart(grid, "Usable candidates per snippet", {
      type: "bar",
      data: { labels: run.usableCandidatesPerSnippet.map(function (_, i) { return String(i); }),
              datasets: [{ label: "snippets", data: run.usableCandidatesPerSnippet, backgroundColor: colors.a }] },
      options: { plugins: { legend: { display: false } }, scales: axes("usable candidates" + (run.candidatesPerSnippetSetting ? " (of K = " + run.candidatesPerSnippetSetting + ")" : ""), "snippets") }
    });
    chart(grid, "By language", {
      type: "bar",
      data: { labels: run.languages.map(function (g) { return g.name || "(none)"; }), datasets: [
        { label: "snippets", data: run.languages.map(function (g) { return g.snippets; }), backgroundColor: colors.grey },
        { label: "selected pairs", data: run.languages.map(function (g) { return g.selected; }), backgroundColor: colors.a }
      ] },
      options: { scales: axes("", "count") }
    });
    chart(grid, "Mean LM-score by opener", {
      type: "bar",
      data: { labels: run.openers.map(function (g) { return (g.name || "(none)") + " (" + g.candidates + ")"; }),
              datasets: [{ label: "mean LM-score", data: run.openers.map(function (g) { return g.meanScore; }), backgroundColor: colors.b }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, max: 1, title: { display: true, text: "mean LM-score (candidates in parentheses)" } } } }
    });
    chart(grid, "Instruction length", {
      type: "bar",
      data: { labels: binLabels(run.instructionWordsAll, true), datasets: [
        { label: "usable candidates", data: shares(run.instructionWordsAll.counts), backgroundColor: colors.grey },
        { label: "selected", data: shares(run.instructionWordsSelected.counts), backgroundColor: colors.a }
      ] },
      options: { scales: axes("words", "% of the group") }
    });
    var verdictNames = ["verified", "contradicted", "not_checkable", "unverified"];
    var verdictsShown = Object.keys(run.verdicts || {}).length > 0;
    if (verdictsShown) {
      chart(grid, "Verify: the selected instructions (and the original ones) by verdict", {
        type: "bar",
        data: { labels: verdictNames.map(function (v) { return v.replace("_", " "); }), datasets: [
          { label: "selected instructions", data: verdictNames.map(function (v) { return run.verdicts[v] || 0; }), backgroundColor: colors.a },
          { label: "original instructions", data: verdictNames.map(function (v) { return (run.originalVerdicts || {})[v] || 0; }), backgroundColor: colors.grey }
        ] },
        options: { scales: axes("verdict", "pairs") }
      });
    }
    timelineChart(grid, run.timeline, "Requests and tokens/s over the run");

    if (verdictsShown) {
      add(s, "h3", { text: "Verify: does code written from the instruction alone behave like the snippet?" });
      table(s, ["verdict", "selected instructions", "original instructions"],
            verdictNames.map(function (v) { return [v.replace("_", " "), num(run.verdicts[v] || 0), num((run.originalVerdicts || {})[v] || 0)]; }),
            [false, true, true]);
    }
    add(s, "h3", { text: "Why snippets have no selected instruction, and why candidates were dropped" });
    var reasons = counted(run.snippetsWithoutSelection).map(function (r) { return ["snippet: " + r[0], num(r[1])]; })
      .concat(counted(run.candidateRejections).map(function (r) { return ["candidate: " + r[0], num(r[1])]; }))
      .concat(counted(run.unscored).map(function (r) { return ["not scored: " + r[0], num(r[1])]; }));
    if (reasons.length) table(s, ["reason", "count"], reasons, [false, true]); else add(s, "p", { "class": "note", text: "None: every snippet has a selected instruction." });
    add(s, "h3", { text: "Languages" });
    table(s, ["language", "snippets", "candidates", "selected", "mean LM-score", "mean selected LM-score"],
          run.languages.map(function (g) { return [g.name || "(none)", num(g.snippets), num(g.candidates), num(g.selected), num(g.meanScore, 3), num(g.meanSelectedScore, 3)]; }),
          [false, true, true, true, true, true]);
    [["The five best selected pairs", run.best], ["The five worst selected pairs", run.worst]].forEach(function (group) {
      add(s, "h3", { text: group[0] });
      if (!group[1].length) add(s, "p", { "class": "note", text: "No selected pairs." });
      group[1].forEach(function (pair) {
        add(s, "div", { "class": "pair" }, [
          el("div", { "class": "meta", text: "LM-score " + pair.score.toFixed(4) + " · " + (pair.language || "no language") + " · snippet " + pair.snippetID + (pair.opener ? " · opener “" + pair.opener + "”" : "") }),
          el("div", { "class": "instruction", text: pair.instruction }),
          el("pre", { text: pair.code })
        ]);
      });
    });
  }

  // --- Semi-Instruct -----------------------------------------------------------------------
  function semiInstruct(run) {
    var s = section("Semi-Instruct: " + run.runDirectory.split("/").pop());
    add(s, "p", { "class": "path", text: run.runDirectory + (run.model ? " · model " + run.model : "") });
    figures(s, run.funnel.map(function (step) { return [step.name, num(step.count)]; }));
    usageFigures(s, run.usage);
    var grid = add(s, "div", { "class": "charts" });
    chart(grid, "Kept and lost, step by step", {
      type: "bar",
      data: { labels: run.funnel.map(function (step) { return step.name; }),
              datasets: [{ label: "count", data: run.funnel.map(function (step) { return step.count; }), backgroundColor: colors.a }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } }
    });
    var reasons = counted(run.reasons);
    chart(grid, "Why samples were lost", {
      type: "bar",
      data: { labels: reasons.map(function (r) { return r[0]; }), datasets: [{ label: "samples", data: reasons.map(function (r) { return r[1]; }), backgroundColor: colors.fail }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } }
    });
    chart(grid, "Tests passed by the kept pairs", {
      type: "bar",
      data: { labels: run.testsPassed.map(function (_, i) { return String(i); }), datasets: [{ label: "kept pairs", data: run.testsPassed, backgroundColor: colors.pass }] },
      options: { plugins: { legend: { display: false } }, scales: axes("tests passed", "kept pairs") }
    });
    timelineChart(grid, run.timeline, "Generation requests and tokens/s over the run");
    if (reasons.length) table(s, ["reason", "samples"], reasons.map(function (r) { return [r[0], num(r[1])]; }), [false, true]);
  }

  // --- evaluation ----------------------------------------------------------------------------
  function evaluation(result) {
    var s = section("Evaluation: " + result.label);
    add(s, "p", { "class": "path", text: result.path + " · " + result.benchmark + " · " + num(result.tasks.length) + " tasks, " + num(result.samples) + " samples" });
    var first = result.passAtK[0] || {};
    figures(s, [["tasks", num(result.tasks.length)], ["samples", num(result.samples)], ["pass@" + first.k + " (base)", pct(first.base)],
                ["pass@" + first.k + " (plus)", result.hasPlus ? pct(first.plus) : null]]);
    add(s, "h3", { text: "pass@k" });
    table(s, result.hasPlus ? ["k", "base tests", "base + plus tests"] : ["k", "pass@k"],
          result.passAtK.map(function (row) { return result.hasPlus ? ["pass@" + row.k, pct(row.base), pct(row.plus)] : ["pass@" + row.k, pct(row.base)]; }),
          [false, true, true]);
    add(s, "h3", { text: "Statuses of the samples" });
    table(s, ["status", "samples"], counted(result.statuses).map(function (r) { return [r[0], num(r[1])]; }), [false, true]);
    add(s, "h3", { text: "Per task" + (result.hasPlus ? " (base + plus tests)" : "") });
    add(s, "p", { "class": "legend" }, [document.createTextNode("each square is a task, in task order;"),
      el("span", { "class": "cell pass" }), document.createTextNode("all samples pass"),
      el("span", { "class": "cell part" }), document.createTextNode("some pass"),
      el("span", { "class": "cell fail" }), document.createTextNode("none pass")]);
    var grid = add(s, "div", { "class": "grid", "data-tasks": String(result.tasks.length) });
    result.tasks.forEach(function (task) {
      var passed = result.hasPlus ? (task.plusPassed || 0) : task.basePassed;
      var kind = passed === task.samples ? "pass" : passed === 0 ? "fail" : "part";
      add(grid, "div", { "class": "cell " + kind, title: task.id + ": " + passed + "/" + task.samples + " pass" + (task.failure ? "\n" + task.failure.slice(0, 300) : "") });
    });
  }

  function comparison(c) {
    var s = section("Comparison on " + c.benchmark + ": " + c.baseLabel + " → " + c.otherLabel);
    var base = data.evaluations.filter(function (e) { return e.label === c.baseLabel && e.benchmark === c.benchmark; })[0];
    var other = data.evaluations.filter(function (e) { return e.label === c.otherLabel && e.benchmark === c.benchmark; })[0];
    figures(s, [["tasks in both", num(c.tasksInBoth)], ["solved by both", num(c.solvedByBoth)], ["solved by neither", num(c.solvedByNeither)],
                ["gained (" + c.otherLabel + " only)", num(c.gained.length)], ["lost (" + c.baseLabel + " only)", num(c.lost.length)]]);
    var grid = add(s, "div", { "class": "charts" });
    if (base && other) {
      var labels = [], a = [], b = [];
      base.passAtK.forEach(function (row) {
        var match = other.passAtK.filter(function (r) { return r.k === row.k; })[0];
        if (!match) return;
        labels.push("pass@" + row.k + " base"); a.push(100 * row.base); b.push(100 * match.base);
        if (base.hasPlus && other.hasPlus) { labels.push("pass@" + row.k + " plus"); a.push(100 * row.plus); b.push(100 * match.plus); }
      });
      chart(grid, "pass@k side by side", {
        type: "bar",
        data: { labels: labels, datasets: [{ label: c.baseLabel, data: a, backgroundColor: colors.grey }, { label: c.otherLabel, data: b, backgroundColor: colors.a }] },
        options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: "%" } } } }
      });
    }
    chart(grid, "Tasks, by who solves them (" + c.measure + " tests)", {
      type: "bar",
      data: { labels: ["both", "neither", c.otherLabel + " only", c.baseLabel + " only"],
              datasets: [{ label: "tasks", data: [c.solvedByBoth, c.solvedByNeither, c.gained.length, c.lost.length],
                           backgroundColor: [colors.pass, colors.grey, colors.a, colors.fail] }] },
      options: { plugins: { legend: { display: false } }, scales: axes("", "tasks") }
    });
    add(s, "p", { "class": "note", text: "A task counts as solved when at least half of its samples pass on the " + c.measure + " tests." });
    var flips = add(s, "div", { "class": "flips" });
    [["Gained: solved by " + c.otherLabel + ", not by " + c.baseLabel, c.gained, c.baseLabel],
     ["Lost: solved by " + c.baseLabel + ", not by " + c.otherLabel, c.lost, c.otherLabel]].forEach(function (group) {
      var box = add(flips, "div");
      add(box, "h3", { text: group[0] + " (" + group[1].length + ")" });
      table(box, ["task", c.baseLabel, c.otherLabel, "why " + group[2] + " fails"],
            group[1].map(function (f) { return [f.task, pct(f.baseRate), pct(f.otherRate), el("div", { "class": "failure", text: (f.failure || "").slice(0, 300) })]; }),
            [false, true, true, false]);
    });
  }

  // --- training ------------------------------------------------------------------------------
  function training(run) {
    var s = section("Training: " + run.outputDirectory.split("/").pop());
    add(s, "p", { "class": "path", text: run.outputDirectory + (run.base ? " · base " + run.base : "") });
    figures(s, [["phases", num(run.phases.length)], ["optimizer steps", num(run.steps.length)], ["tokens", run.tokens === null || run.tokens === undefined ? null : num(run.tokens)]]
      .concat(run.phases.map(function (p) { return ["final loss, " + p.name, num(p.finalLoss, 4)]; })));
    // One x axis over the whole training, in order: phase 1's steps, then phase 2's.
    var labels = run.steps.map(function (step) { return "p" + step.phase + "·" + step.step; });
    var palette = [colors.a, colors.b, colors.pass, colors.fail, colors.grey];
    function perPhase(field) {
      return run.phases.map(function (p, i) {
        return { label: p.name, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], spanGaps: false, pointRadius: 2,
                 data: run.steps.map(function (step) { return step.phase === p.index ? step[field] : null; }) };
      });
    }
    var grid = add(s, "div", { "class": "charts" });
    chart(grid, "Loss per optimizer step, phase by phase", { type: "line", data: { labels: labels, datasets: perPhase("loss") },
      options: { scales: axes("phase · step", "loss") } });
    chart(grid, "Learning rate per step", { type: "line", data: { labels: labels, datasets: perPhase("learningRate") },
      options: { scales: axes("phase · step", "learning rate") } });
    chart(grid, "Tokens/s per step", { type: "line", data: { labels: labels, datasets: perPhase("tokensPerSecond") },
      options: { scales: axes("phase · step", "tokens/s") } });
    table(s, ["phase", "epochs", "steps", "first loss", "final loss"],
          run.phases.map(function (p) { return [p.index + ". " + p.name, num(p.epochs), num(p.steps), num(p.firstLoss, 4), num(p.finalLoss, 4)]; }),
          [false, true, true, true, true]);
  }

  // --- cleaning ------------------------------------------------------------------------------
  function cleaning(c) {
    var s = section((c.kind === "dedup" ? "Dedup: " : "Decontamination: ") + c.path.split("/").pop());
    add(s, "p", { "class": "path", text: c.path });
    figures(s, [["records removed", num(c.removed)]]);
    var grid = add(s, "div", { "class": "charts" });
    chart(grid, "Removed, by method", {
      type: "bar",
      data: { labels: c.byMethod.map(function (m) { return m.name; }), datasets: [{ label: "records", data: c.byMethod.map(function (m) { return m.count; }), backgroundColor: colors.fail }] },
      options: { plugins: { legend: { display: false } }, scales: axes("", "records") }
    });
    if (c.byBenchmark.length) {
      chart(grid, "Removed, by benchmark", {
        type: "bar",
        data: { labels: c.byBenchmark.map(function (m) { return m.name; }), datasets: [{ label: "records", data: c.byBenchmark.map(function (m) { return m.count; }), backgroundColor: colors.b }] },
        options: { plugins: { legend: { display: false } }, scales: axes("", "records") }
      });
    }
    if (c.topTasks.length) {
      add(s, "h3", { text: "The benchmark tasks matched most often" });
      table(s, ["task", "records"], c.topTasks.map(function (t) { return [t.name, num(t.count)]; }), [false, true]);
    }
  }

  // --- the page ------------------------------------------------------------------------------
  document.getElementById("generated").textContent = "made " + data.generatedAt + " by inverse-instruct report";
  try {
    data.inverseInstruct.forEach(inverseInstruct);
    data.semiInstruct.forEach(semiInstruct);
    data.comparisons.forEach(comparison);
    data.evaluations.forEach(evaluation);
    data.cleaning.forEach(cleaning);
    (data.training || []).forEach(training);
  } catch (error) {
    errors.push(String(error && error.stack || error));
    console.error(error);
  }

  // What was drawn, for tests: each canvas's size and how many of its pixels are not blank.
  function record() {
    var drawn = charts.map(function (entry) {
      var canvas = entry.canvas, painted = 0;
      try {
        var pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        for (var i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
      } catch (error) { errors.push("reading pixels: " + error); }
      canvas.setAttribute("data-width", String(canvas.width));
      canvas.setAttribute("data-height", String(canvas.height));
      canvas.setAttribute("data-painted", String(painted));
      return painted;
    });
    var body = document.body;
    body.setAttribute("data-charts", String(charts.length));
    body.setAttribute("data-charts-painted", String(drawn.filter(function (p) { return p > 0; }).length));
    body.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
    body.setAttribute("data-errors", JSON.stringify(errors));
    body.setAttribute("data-report-ready", "true");
  }
  setTimeout(record, 100);
})();
