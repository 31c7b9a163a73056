// A real OpenID Connect provider for the Pro Santé Connect tests: panva's oidc-provider
// (https://github.com/panva/node-oidc-provider, OpenID Certified), configured like Pro Santé
// Connect: scopes "openid scope_all", acr "eidas1", claims shaped as PSC's userinfo
// (SubjectNameID, SubjectRefPro.exercices[...], given_name, family_name, preferred_username).
// Its development login page accepts any password: the login names the account to use.
//
// Environment: OIDC_PROVIDER_DIR (npm prefix holding node_modules/oidc-provider), PORT,
// CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, ACCOUNTS (JSON: {login: {claim: value}}).
import { pathToFileURL } from "node:url";
import path from "node:path";

const moduleFile = path.join(process.env.OIDC_PROVIDER_DIR, "node_modules/oidc-provider/lib/index.js");
const { default: Provider } = await import(pathToFileURL(moduleFile).href);

const port = Number(process.env.PORT);
const accounts = JSON.parse(process.env.ACCOUNTS);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  // PSC's scope_all carries the sectoral identity; openid carries sub.
  claims: {
    openid: ["sub"],
    scope_all: [
      "SubjectNameID",
      "SubjectRefPro",
      "SubjectOrganization",
      "given_name",
      "family_name",
      "preferred_username",
      "codeCivilite",
    ],
  },
  acrValues: ["eidas1"],
  cookies: { keys: ["maillage-tests-only"] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
  },
});

provider.listen(port, "127.0.0.1", () => {
  process.stdout.write("READY\n");
});
