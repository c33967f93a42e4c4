// Runs msal-browser's public API against the emulator. The e2e test starts each step and then waits for
// its outcome in window.msalCheck; nothing here knows the emulator's internals.
"use strict";

const cfg = window.MSAL_CHECK;
const pca = new msal.PublicClientApplication({
  auth: {
    clientId: cfg.clientId,
    authority: cfg.authority,
    // The emulator is not a Microsoft host, so msal must not ask login.microsoftonline.com about it.
    knownAuthorities: [cfg.knownAuthority],
    redirectUri: cfg.redirectUri,
    postLogoutRedirectUri: cfg.postLogoutRedirectUri,
  },
  cache: { cacheLocation: "localStorage" },
});

const check = (window.msalCheck = { ready: false, redirect: null, results: {} });

function summary(r) {
  return {
    username: r.account ? r.account.username : null,
    homeAccountId: r.account ? r.account.homeAccountId : null,
    tenantId: r.tenantId,
    idTokenIss: r.idTokenClaims ? r.idTokenClaims.iss : null,
    accessToken: r.accessToken,
    fromCache: r.fromCache,
    scopes: r.scopes,
  };
}

function outcome(name, promise) {
  check.results[name] = { pending: true };
  promise.then(
    (ok) => (check.results[name] = { ok }),
    (e) => (check.results[name] = { error: e.errorCode || e.name || "error", message: String(e.message || e) })
  );
}

function account() {
  return pca.getAllAccounts()[0];
}

window.msalSteps = {
  login: () => outcome("login", pca.loginRedirect({ scopes: cfg.scopes })),
  refresh: () =>
    outcome("refresh", pca.acquireTokenSilent({ scopes: cfg.scopes, account: account(), forceRefresh: true }).then(summary)),
  me: (token) =>
    outcome(
      "me",
      fetch(cfg.graph + "/me", { headers: { Authorization: "Bearer " + token } }).then((r) => r.json())
    ),
  sso: (name) => outcome(name, pca.ssoSilent({ scopes: cfg.scopes, loginHint: cfg.loginHint }).then(summary)),
  logout: () => outcome("logout", pca.logoutRedirect({ account: account() })),
  accounts: () => pca.getAllAccounts().map((a) => a.username),
};

pca
  .initialize()
  .then(() => pca.handleRedirectPromise())
  .then(
    (r) => {
      check.redirect = r ? summary(r) : null;
      check.ready = true;
    },
    (e) => {
      check.redirect = { error: e.errorCode || String(e), message: String(e.message || e) };
      check.ready = true;
    }
  );
