// The on-disk cache of file scans: a scan read back is the scan made, a scan that is
// corrupt, cut short or of another scanner version is not used, and a key that is not an
// object id is never stored.
#include "maps/ScanCache.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace provcheck {
namespace {

const char *kSource = "#include \"qemu/osdep.h\"\n#include <stdio.h>\n#include \"hw/irq.h\" // x\n"
                      "typedef struct IRQState *qemu_irq;\n"
                      "enum Level { LOW, HIGH };\n"
                      "extern int irq_count;\n"
                      "static void helper(int a);\n"
                      "void qemu_set_irq(qemu_irq irq, int level)\n{\n    helper(level + LOW);\n}\n";

void expectSameScan(const SourceScan &a, const SourceScan &b) {
  ASSERT_EQ(a.includes.size(), b.includes.size());
  for (size_t i = 0; i < a.includes.size(); ++i) {
    EXPECT_EQ(a.includes[i].target, b.includes[i].target);
    EXPECT_EQ(a.includes[i].angled, b.includes[i].angled);
    EXPECT_EQ(a.includes[i].line, b.includes[i].line);
  }
  EXPECT_EQ(a.identifiers, b.identifiers);
  EXPECT_EQ(a.declared, b.declared);
  EXPECT_EQ(a.defined, b.defined);
}

std::string slurp(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ScanCache, SerializedScanReadsBackTheSame) {
  SourceScan scan = scanSource(kSource);
  ASSERT_EQ(scan.includes.size(), 3u);
  ASSERT_FALSE(scan.declared.empty());
  ASSERT_FALSE(scan.defined.empty());
  auto back = parseScan(serializeScan(scan));
  ASSERT_TRUE(back) << back.error().str();
  expectSameScan(*back, scan);
  auto empty = parseScan(serializeScan(SourceScan{}));
  ASSERT_TRUE(empty) << empty.error().str();
  expectSameScan(*empty, SourceScan{});
  // Strictly read: a count that does not match, a name missing, bytes after the end.
  std::string text = serializeScan(scan);
  std::string fewer = text;
  fewer.replace(fewer.find("U "), 3, "U 9");
  EXPECT_FALSE(parseScan(fewer));
  EXPECT_FALSE(parseScan(text.substr(0, text.size() - 1)));
  EXPECT_FALSE(parseScan(text + "x\n"));
}

TEST(ScanCache, HitMissAndCorruption) {
  testing::TempDir dir;
  ScanCache cache(dir.path());
  const std::string key = "0123456789abcdef0123456789abcdef01234567";
  SourceScan scan = scanSource(kSource);
  EXPECT_FALSE(cache.load(key));
  cache.store(key, scan);
  EXPECT_EQ(cache.stored(), 1u);
  EXPECT_EQ(cache.fileOf(key), dir.path() / "scans" / "01" / "23456789abcdef0123456789abcdef01234567.bin");
  auto hit = cache.load(key);
  ASSERT_TRUE(hit);
  expectSameScan(*hit, scan);
  EXPECT_FALSE(cache.load("1123456789abcdef0123456789abcdef01234567"));

  std::filesystem::path file = cache.fileOf(key);
  std::string sound = slurp(file);
  auto rewrite = [&](std::string text) { std::ofstream(file, std::ios::binary | std::ios::trunc) << text; };
  std::string flipped = sound;
  flipped[flipped.size() - 3] ^= 1; // a byte of the data: the checksum no longer matches
  rewrite(flipped);
  EXPECT_FALSE(cache.load(key));
  rewrite(sound.substr(0, sound.size() / 2));
  EXPECT_FALSE(cache.load(key));
  std::string otherScanner = sound;
  otherScanner.replace(otherScanner.find(" scanner "), 10, " scanner 0");
  rewrite(otherScanner);
  EXPECT_FALSE(cache.load(key));
  // Stored again, it is used again.
  cache.store(key, scan);
  ASSERT_TRUE(cache.load(key));

  // Keys that are not object ids (the hashes of files of a tree in memory) are not kept.
  ScanCache other(dir.path());
  other.store("h12:00000000deadbeef", scan);
  EXPECT_EQ(other.stored(), 0u);
  EXPECT_TRUE(other.fileOf("../../etc/passwd").empty());
  // Without a directory, nothing.
  ScanCache off{std::filesystem::path()};
  EXPECT_FALSE(off.enabled());
  off.store(key, scan);
  EXPECT_FALSE(off.load(key));
}

TEST(ScanCache, PruningKeepsTheMostRecentlyUsed) {
  testing::TempDir dir;
  ScanCache cache(dir.path(), /*keep=*/2, /*maxAgeDays=*/30);
  SourceScan scan = scanSource(kSource);
  std::vector<std::string> keys = {"a000000000000000000000000000000000000000",
                                   "b000000000000000000000000000000000000000",
                                   "c000000000000000000000000000000000000000"};
  auto now = std::filesystem::file_time_type::clock::now();
  for (size_t i = 0; i < keys.size(); ++i) {
    cache.store(keys[i], scan);
    std::filesystem::last_write_time(cache.fileOf(keys[i]), now - std::chrono::hours(10 - i));
  }
  ASSERT_TRUE(cache.load(keys[0])); // used now: the most recent
  EXPECT_EQ(cache.prune(), 1u);
  EXPECT_TRUE(std::filesystem::exists(cache.fileOf(keys[0])));
  EXPECT_FALSE(std::filesystem::exists(cache.fileOf(keys[1])));
  EXPECT_TRUE(std::filesystem::exists(cache.fileOf(keys[2])));
}

std::string keyOf(int i) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%040x", i);
  return buf;
}

size_t scansIn(const std::filesystem::path &dir) {
  size_t n = 0;
  for (const auto &e : std::filesystem::recursive_directory_iterator(dir / "scans"))
    n += e.path().extension() == ".bin";
  return n;
}

// The stamp counts what the last pruning left and what was stored since: a cache over
// keep + keep / 8 is pruned, an eighth of `keep` at a time (the least recently used
// first), by the runs that follow until it is back under its limit.
TEST(ScanCache, PrunedWhenOverItsLimitAnEighthAtATime) {
  testing::TempDir dir;
  SourceScan scan = scanSource(kSource);
  std::filesystem::path stamp = dir.path() / "scans" / "pruned";
  {
    ScanCache first(dir.path(), /*keep=*/16, 30);
    first.store(keyOf(1), scan);
  }
  EXPECT_EQ(slurp(stamp), "0 1\n"); // no stamp yet: pruned, and counted
  {
    ScanCache second(dir.path(), 16, 30);
    second.store(keyOf(2), scan);
  }
  EXPECT_EQ(slurp(stamp), "1 1\n"); // 2 of at most 16 + 2: counted only
  auto now = std::filesystem::file_time_type::clock::now();
  {
    ScanCache third(dir.path(), 16, 30);
    for (int i = 3; i < 23; ++i) {
      third.store(keyOf(i), scan);
      std::filesystem::last_write_time(third.fileOf(keyOf(i)), now - std::chrono::minutes(60 - i));
    }
  }
  EXPECT_EQ(slurp(stamp), "0 20\n"); // 22: the 2 least recently used are gone
  EXPECT_EQ(scansIn(dir.path()), 20u);
  ScanCache probe(dir.path(), 16, 30);
  EXPECT_FALSE(std::filesystem::exists(probe.fileOf(keyOf(3))));
  EXPECT_FALSE(std::filesystem::exists(probe.fileOf(keyOf(4))));
  EXPECT_TRUE(std::filesystem::exists(probe.fileOf(keyOf(5))));
  { ScanCache fourth(dir.path(), 16, 30); } // stores nothing, still over its limit
  EXPECT_EQ(slurp(stamp), "0 18\n");
  EXPECT_EQ(scansIn(dir.path()), 18u);
  { ScanCache fifth(dir.path(), 16, 30); } // within keep + keep / 8: left alone
  EXPECT_EQ(slurp(stamp), "0 18\n");
  EXPECT_EQ(scansIn(dir.path()), 18u);
}

// A cache closed before it is destroyed (its owner kept to the end of the process) counts
// what it stored then, and once: destroying it afterwards changes nothing.
TEST(ScanCache, ClosedOnceBeforeItIsDestroyed) {
  testing::TempDir dir;
  SourceScan scan = scanSource(kSource);
  std::filesystem::path stamp = dir.path() / "scans" / "pruned";
  { ScanCache first(dir.path(), /*keep=*/16, 30); first.store(keyOf(1), scan); }
  EXPECT_EQ(slurp(stamp), "0 1\n");
  {
    ScanCache second(dir.path(), 16, 30);
    second.store(keyOf(2), scan);
    second.store(keyOf(3), scan);
    second.close();
    EXPECT_EQ(slurp(stamp), "2 1\n"); // counted at close
    second.close();
    EXPECT_EQ(slurp(stamp), "2 1\n");
  }
  EXPECT_EQ(slurp(stamp), "2 1\n"); // and not again when destroyed
}

// A cache under its limit is listed once a day (a scan unused for maxAgeDays goes then),
// not at every eighth of `keep` stored; a stamp of an older format (the count since the
// last pruning alone) is pruned at the next store, which counts the cache.
TEST(ScanCache, UnderItsLimitListedOnceADay) {
  testing::TempDir dir;
  SourceScan scan = scanSource(kSource);
  std::filesystem::path stamp = dir.path() / "scans" / "pruned";
  auto now = std::filesystem::file_time_type::clock::now();
  std::filesystem::path stale;
  {
    ScanCache cache(dir.path(), /*keep=*/16, /*maxAgeDays=*/30);
    cache.store(keyOf(1), scan);
    stale = cache.fileOf(keyOf(1));
  }
  std::filesystem::last_write_time(stale, now - std::chrono::hours(24 * 31));
  for (int i = 2; i < 8; ++i) {
    ScanCache cache(dir.path(), 16, 30);
    cache.store(keyOf(i), scan);
  }
  EXPECT_TRUE(std::filesystem::exists(stale)); // not listed: 7 stored, 1 held
  EXPECT_EQ(slurp(stamp), "6 1\n");
  std::filesystem::last_write_time(stamp, now - std::chrono::hours(25));
  {
    ScanCache cache(dir.path(), 16, 30);
    cache.store(keyOf(8), scan);
  }
  EXPECT_FALSE(std::filesystem::exists(stale)); // a day later: pruned by age
  EXPECT_EQ(slurp(stamp), "0 7\n");

  std::ofstream(stamp) << "3\n";
  std::filesystem::last_write_time(ScanCache(dir.path()).fileOf(keyOf(2)),
                                   now - std::chrono::hours(24 * 31));
  {
    ScanCache cache(dir.path(), 16, 30);
    cache.store(keyOf(9), scan);
  }
  EXPECT_EQ(slurp(stamp), "0 7\n"); // the old stamp: pruned (keyOf(2) by age), counted
  EXPECT_FALSE(std::filesystem::exists(ScanCache(dir.path()).fileOf(keyOf(2))));
}

} // namespace
} // namespace provcheck
