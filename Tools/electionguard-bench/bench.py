"""Side-by-side peer measurement: electionguard-python 1.4.0 on Urna's `Tools/bench verify` shape.

One contest of 10 candidates, vote for 1 (ElectionGuard adds one placeholder selection, so a
ballot carries 11 disjunctive Chaum-Pedersen proofs and one constant Chaum-Pedersen proof), one
guardian (quorum 1), the standard 4096-bit group. Measures, per ballot, on the calling core:

  * encrypt: `encrypt_ballot` with every proof generated (its own post-encryption self-check off);
  * verify:  `ballot_is_valid_for_election(..., should_validate=True)`, the check `BallotBox.cast`
             runs: style and description hashes, ballot and contest crypto hashes, the selection
             proofs, the contest accumulation and its proof.

Prints `bench <name> <value> <unit>` lines: median and min over the ballots, in wall time and in
this process's CPU time. ElectionGuard is single-threaded Python, so a process uses one core; run.sh
also runs it under `taskset -c 0`. Run through run.sh.
"""

import argparse
import copy
import logging
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone

import electionguard
from electionguard import group as eg_group
from electionguard.ballot import PlaintextBallot, PlaintextBallotContest, PlaintextBallotSelection
from electionguard.ballot_validator import ballot_is_valid_for_election
from electionguard.constants import get_large_prime, get_small_prime
from electionguard.election import make_ciphertext_election_context
from electionguard.encrypt import EncryptionDevice, encrypt_ballot
from electionguard.key_ceremony import combine_election_public_keys, generate_election_key_pair
from electionguard.logs import LOG, ElectionGuardLog
from electionguard.manifest import (
    BallotStyle,
    Candidate,
    ContestDescription,
    ElectionType,
    GeopoliticalUnit,
    InternalManifest,
    InternationalizedText,
    Language,
    Manifest,
    ReportingUnitType,
    SelectionDescription,
    SpecVersion,
    VoteVariationType,
)

CANDIDATES = 10  # as BenchVerifyRecord: one contest "mayor", candidates c0..c9, vote for at most 1


def report(name, value, unit):
    # Same formatting as Tools/UrnaBench/Measure.swift's report().
    print(f"bench {name} {value:.0f} {unit}" if value >= 100 else f"bench {name} {value:.2f} {unit}", flush=True)


def info(name, value):
    print(f"bench {name} {value}", flush=True)


def text(value):
    return InternationalizedText([Language(value, "en")])


def build_manifest():
    candidates = [Candidate(f"c{i}", text(f"Candidate {i}")) for i in range(CANDIDATES)]
    selections = [SelectionDescription(f"mayor-c{i}", i, f"c{i}") for i in range(CANDIDATES)]
    contest = ContestDescription(
        object_id="mayor",
        sequence_order=0,
        electoral_district_id="district-0",
        vote_variation=VoteVariationType.one_of_m,
        number_elected=1,
        votes_allowed=1,
        name="Mayor",
        ballot_selections=selections,
        ballot_title=text("Mayor"),
    )
    manifest = Manifest(
        election_scope_id="bench",
        spec_version=SpecVersion.EG1_0,
        type=ElectionType.general,
        start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
        end_date=datetime(2026, 1, 2, tzinfo=timezone.utc),
        geopolitical_units=[GeopoliticalUnit("district-0", "District 0", ReportingUnitType.city)],
        parties=[],
        candidates=candidates,
        contests=[contest],
        ballot_styles=[BallotStyle("style-0", ["district-0"])],
        name=text("Verification benchmark"),
    )
    if not manifest.is_valid():
        sys.exit("bench.py: the manifest is not valid for ElectionGuard")
    return manifest


def build_election(manifest):
    # The simplest key ceremony ElectionGuard supports: one guardian, quorum 1.
    key_pair = generate_election_key_pair("guardian-0", 1, 1)
    joint_key = combine_election_public_keys([key_pair.share()])
    context = make_ciphertext_election_context(
        number_of_guardians=1,
        quorum=1,
        elgamal_public_key=joint_key.joint_public_key,
        commitment_hash=joint_key.commitment_hash,
        manifest_hash=manifest.crypto_hash(),
    )
    return InternalManifest(manifest), context


def plaintext_ballot(voter):
    # As BenchVerifyRecord: voter v picks candidate v mod 11; the last value is a blank ballot.
    choice = voter % (CANDIDATES + 1)
    selections = [PlaintextBallotSelection(f"mayor-c{choice}", 1)] if choice < CANDIDATES else []
    return PlaintextBallot(f"ballot-{voter}", "style-0", [PlaintextBallotContest("mayor", selections)])


def configure_logging(as_shipped):
    """ElectionGuard 1.4.0 logs every encryption at INFO to stdout, and each log call, whatever the
    level, first walks the call stack with inspect.stack() (which reads source files). Quiet (the
    default) drops its handlers, raises the level to ERROR and replaces the stack walk with a
    constant, so the figures are of the cryptography, the peer's best case. As shipped keeps the
    INFO logging and the stack walk, sending the log to stderr so stdout stays `bench` lines."""
    logger = logging.getLogger("electionguard")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    if as_shipped:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.INFO)
        LOG.add_handler(handler)
        return "as-shipped"
    logger.setLevel(logging.ERROR)
    ElectionGuardLog._ElectionGuardLog__get_call_info = staticmethod(lambda: ("", "", 0))
    return "quiet"


def gmpy2_in_use():
    try:
        import gmpy2
    except ImportError:
        return False, None
    return eg_group.powmod is gmpy2.powmod, gmpy2.version()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=20, help="ballots to encrypt and verify (default 20)")
    parser.add_argument("--suffix", default="", help="appended to every measured line's name, e.g. -taskset")
    parser.add_argument("--library-logging", action="store_true",
                        help="keep ElectionGuard's INFO logging and its per-call stack walk (sent to stderr)")
    args = parser.parse_args()
    if args.ballots < 1:
        sys.exit("bench.py: --ballots must be at least 1")

    uses_gmpy2, gmpy2_version = gmpy2_in_use()
    affinity = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    info("eg-python-version", platform.python_version())
    info("eg-electionguard-version", getattr(electionguard, "__version__", None) or "1.4.0")
    info("eg-gmpy2", f"yes {gmpy2_version}" if uses_gmpy2 else "no")
    info("eg-group-bits", f"p={get_large_prime().bit_length()} q={get_small_prime().bit_length()}")
    info("eg-logging" + args.suffix, configure_logging(args.library_logging))
    info("eg-cpus" + args.suffix, ",".join(map(str, affinity)) or "unknown")

    manifest = build_manifest()
    internal_manifest, context = build_election(manifest)
    seed = EncryptionDevice(1, 1, 1, "bench").get_hash()

    # Warm-up ballot (not timed), and two sanity checks so the timed verification cannot be a no-op:
    # the ballot verifies, and the same ballot with one selection's proof swapped for another's
    # does not.
    warm = encrypt_ballot(plaintext_ballot(0), internal_manifest, context, seed)
    if warm is None or not ballot_is_valid_for_election(warm, internal_manifest, context, True):
        sys.exit("bench.py: a freshly encrypted ballot does not verify")
    selections = warm.contests[0].ballot_selections
    info("eg-proofs-per-ballot", f"{len(selections)} disjunctive + {len(warm.contests)} constant")
    tampered = copy.deepcopy(warm)
    tampered_selections = tampered.contests[0].ballot_selections
    tampered_selections[0].proof, tampered_selections[1].proof = tampered_selections[1].proof, tampered_selections[0].proof
    if ballot_is_valid_for_election(tampered, internal_manifest, context, True):
        sys.exit("bench.py: a ballot with swapped selection proofs verifies; the verification measured would be void")
    seed = warm.code

    # Wall time (perf_counter) and this process's CPU time (process_time): the machine is shared, and
    # CPU time is what one core spends, whatever else is running.
    encrypt_ms, verify_ms, encrypt_cpu_ms, verify_cpu_ms = [], [], [], []
    for voter in range(1, args.ballots + 1):
        ballot = plaintext_ballot(voter)
        start, cpu = time.perf_counter(), time.process_time()
        encrypted = encrypt_ballot(ballot, internal_manifest, context, seed)
        encrypt_ms.append((time.perf_counter() - start) * 1000)
        encrypt_cpu_ms.append((time.process_time() - cpu) * 1000)
        if encrypted is None:
            sys.exit(f"bench.py: ballot {voter} did not encrypt")
        start, cpu = time.perf_counter(), time.process_time()
        valid = ballot_is_valid_for_election(encrypted, internal_manifest, context, True)
        verify_ms.append((time.perf_counter() - start) * 1000)
        verify_cpu_ms.append((time.process_time() - cpu) * 1000)
        if not valid:
            sys.exit(f"bench.py: ballot {voter} does not verify")
        seed = encrypted.code

    info("eg-ballots" + args.suffix, args.ballots)
    report("eg-encrypt-ballot" + args.suffix, statistics.median(encrypt_ms), "ms")
    report("eg-encrypt-ballot-min" + args.suffix, min(encrypt_ms), "ms")
    report("eg-verify-ballot" + args.suffix, statistics.median(verify_ms), "ms")
    report("eg-verify-ballot-min" + args.suffix, min(verify_ms), "ms")
    report("eg-encrypt-ballot-cpu" + args.suffix, statistics.median(encrypt_cpu_ms), "ms")
    report("eg-encrypt-ballot-cpu-min" + args.suffix, min(encrypt_cpu_ms), "ms")
    report("eg-verify-ballot-cpu" + args.suffix, statistics.median(verify_cpu_ms), "ms")
    report("eg-verify-ballot-cpu-min" + args.suffix, min(verify_cpu_ms), "ms")
    report("eg-verify-ballots-per-core-second" + args.suffix, 1000 / statistics.median(verify_cpu_ms), "ballots/s")


if __name__ == "__main__":
    main()
