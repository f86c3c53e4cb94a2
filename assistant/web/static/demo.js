// Show the snippet with this server's real address (text only, no markup).
const origin = window.location.origin;
document.getElementById("snippet").textContent =
  `<script src="${origin}/widget.js"\n        data-assistant-url="${origin}" defer></` + `script>`;
