// Known-answer tests of urna-ballot.js against Tests/*/Resources/web_ballot_kat.json (owned by this file).
// UrnaKATBallot.run(vectors) returns a Promise of a list of groups {name, passed, total, failures}.
"use strict";
var UrnaKATBallot = (function () {
  function run(vectors) {
    return Promise.resolve([{ name: "ballot-not-written", passed: 0, total: 1, failures: ["kat-ballot.js is a stub"] }]);
  }
  return { run: run };
})();
