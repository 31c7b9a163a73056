/* Directory and resources maps: markers come from a JSON endpoint that only returns what the
   viewer may see. No inline script (CSP): settings arrive through data- attributes. */
(function () {
  "use strict";

  function popupContent(marker) {
    var box = document.createElement("div");
    var title = document.createElement(marker.url ? "a" : "span");
    title.className = "map-popup__title";
    title.textContent = marker.title;
    if (marker.url) { title.href = marker.url; }
    box.appendChild(title);
    var lines = [marker.subtitle].concat(marker.lines || []);
    if (marker.phone) { lines.push(marker.phone); }
    if (!marker.precise) { lines.push("Position approximative (commune)"); }
    lines.forEach(function (text) {
      if (!text) { return; }
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(text));
    });
    return box;
  }

  function initMap(element) {
    if (typeof L === "undefined") { return; }
    var map = L.map(element, { scrollWheelZoom: false }).setView([43.65, 3.45], 10);
    L.tileLayer(element.dataset.tileUrl, {
      maxZoom: 18,
      attribution: element.dataset.attribution || ""
    }).addTo(map);
    fetch(element.dataset.mapUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var bounds = [];
        (data.markers || []).forEach(function (marker) {
          var point = [marker.lat, marker.lng];
          bounds.push(point);
          L.marker(point, { title: marker.title, alt: marker.title }).addTo(map).bindPopup(popupContent(marker));
        });
        if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 }); }
      })
      .catch(function () {
        element.insertAdjacentText("afterend", "La carte n'a pas pu être chargée ; la liste reste disponible.");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".directory-map[data-map-url]").forEach(initMap);
  });
})();
