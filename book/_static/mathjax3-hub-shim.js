/* ipywidgets 8.1 (@jupyter-widgets/controls `typeset`) still calls the MathJax 2 API
 *   MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])
 * for every widget description/Label, but Jupyter Book 1 / Sphinx 7 load MathJax 3,
 * which has no `Hub` -> "TypeError: Cannot read properties of undefined (reading 'Queue')"
 * (jupyter-widgets/ipywidgets#3829). Map the call onto MathJax 3.
 * Jupyter Book adds every _static/*.js to each page (not deferred), MathJax 3 is a
 * deferred script, widgets render on window "load": so install on DOMContentLoaded. */
(function () {
  function install() {
    var MJ = window.MathJax;
    if (!MJ || MJ.Hub) return;
    MJ.Hub = {
      Queue: function (job) {
        var el = Array.isArray(job) ? job[2] : null;
        var M = window.MathJax;
        if (!M || !M.startup || !M.startup.promise || !M.typesetPromise) return;
        M.startup.promise = M.startup.promise
          .then(function () { return M.typesetPromise(el ? [el] : undefined); })
          .catch(function (err) { console.warn("MathJax typeset of widget failed:", err); });
      }
    };
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", install);
  } else {
    install();
  }
})();
