// Small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const current = document.querySelector(".week.current");
  if (current && !location.hash) {
    current.scrollIntoView({ block: "start" });
  }
});
