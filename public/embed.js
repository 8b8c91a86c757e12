// Tickwire ticker loader: <script src="https://<tickwire>/embed.js" data-symbols="BTC-USD,ETH-USD"
// data-theme="dark" data-layout="scroll" data-lang="ko" async></script> inserts the /embed/ticker iframe after itself.
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var params = new URLSearchParams();
  ['symbols', 'theme', 'speed', 'layout', 'lang'].forEach(function (name) {
    var value = script.getAttribute('data-' + name);
    if (value) params.set(name, value);
  });
  var rows = (params.get('symbols') || 'BTC-USD,ETH-USD,SOL-USD,DOGE-USD,AAPL,MSFT,NVDA,AMZN,TSLA').split(',').length + 1;
  var frame = document.createElement('iframe');
  frame.src = new URL('/embed/ticker?' + params.toString(), script.src).toString();
  frame.title = params.get('lang') === 'ko' ? 'Tickwire \uC2DC\uC138 \uD2F0\uCEE4' : 'Tickwire ticker';
  frame.width = '100%';
  frame.height = String(params.get('layout') === 'grid' ? 64 + 27 * rows : 40);
  frame.style.border = '0';
  frame.loading = 'lazy';
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
