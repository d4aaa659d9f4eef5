// Developer shortcut (not the acceptance run): the same KAT groups under Node ≥ 20.
// node Tools/web-kat/node-check.js   (from the repository root)
"use strict";
const fs = require("fs"), path = require("path"), vm = require("vm");
const root = path.resolve(__dirname, "../..");
const js = path.join(root, "Sources/UrnaWeb/Assets/js");
const res = path.join(root, "Tests/UrnaCryptoTests/Resources");
const order = fs.readFileSync(path.join(__dirname, "scripts.txt"), "utf8").split("\n").filter(Boolean);
for (const f of order) vm.runInThisContext(fs.readFileSync(path.join(root, f), "utf8"), { filename: f });
const read = (n) => JSON.parse(fs.readFileSync(path.join(res, n + ".json"), "utf8"));
vm.runInThisContext(fs.readFileSync(path.join(__dirname, "kat.js"), "utf8"), { filename: "kat.js" });
UrnaKAT.run({ p256: read("p256_scalar_mult_kat"), web: read("web_kat"), rsa: read("rfc9474_rsabssa"), ed: read("rfc8032_ed25519") }).then((groups) => {
  let failed = false;
  for (const g of groups) {
    const ok = g.passed === g.total && g.total > 0;
    failed = failed || !ok;
    console.log(`${ok ? "PASS" : "FAIL"} ${g.name} ${g.passed}/${g.total}`);
    for (const f of g.failures.slice(0, 5)) console.log("    " + f);
  }
  process.exit(failed ? 1 : 0);
});
