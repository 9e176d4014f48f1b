/* danvan – a cadre's phone pages offline (hand-written, no library).
 * Served at /meetings/my/sw.js, so its scope is /meetings/my/. Pages under the scope: network
 * first, the cached copy when offline. Static files: cache first. Reports are not sent from here:
 * the page queues them (phone.js) and sends them when the phone is back online. */
"use strict";
const CACHE = "danvan-meetings-v1";
const SCOPE = new URL("./", self.location).pathname;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(SCOPE)).catch(() => null)
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("danvan-meetings-") && n !== CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

function networkFirst(request) {
  return fetch(request).then((response) => {
    if (response.ok && response.type === "basic" && !response.redirected) {  // not a login page
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  // ignoreVary: Django answers "Vary: Cookie, Accept-Language"; a page precached by phone.js was
  // stored without the navigation's headers and must still be found offline.
  }).catch(() => caches.match(request, {ignoreVary: true})
    .then((hit) => hit || caches.match(SCOPE, {ignoreVary: true})));
}

function cacheFirst(request) {
  return caches.match(request, {ignoreVary: true}).then((hit) => hit || fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith(SCOPE) && !url.pathname.endsWith("/sw.js")) {
    event.respondWith(networkFirst(request));
  }
});
