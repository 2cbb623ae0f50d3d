// JSON export of the runtime's measurements: parsed by Python's json module, fields checked.
#include "runtime/dag/stats_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "runtime/dag/node_error.hpp"
#include "tests/runtime/test_ops.hpp"
#include "tests/support/test_support.hpp"

namespace moce {
namespace {

struct Named {  // an operator with an awkward name, to exercise escaping
  std::string text;
  std::string_view name() const { return text; }
  void hash_params(Hasher& h) const { h.add(text); }
  long run() const { return 4; }
};

TEST(StatsJson, EscapesStrings) {
  EXPECT_EQ(json_string("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

TEST(StatsJson, PythonParsesItAndReadsTheCounters) {
  Graph graph({.cache_bytes = 1000, .eviction = EvictionPolicy::kLifo});
  const std::string awkward = "we\"ird\\name\n\t\x02";
  auto a = graph.call(Named{awkward});
  auto b = graph.call(test::Add{"b", nullptr}, a, a);
  graph.get(b);
  graph.get(b);

  test::TempDir dir;
  const std::string path = dir.file("runtime.json");
  {
    std::ofstream out(path);
    write_json(out, graph);
  }
  const std::string script = dir.file("check.py");
  {
    std::ofstream out(script);
    out << "import json, sys\n"
           "d = json.load(open(sys.argv[1]))\n"
           "n, t = d['nodes'], d['totals']\n"
           "print(d['mode'], d['eviction'], d['cache_bytes'], t['calls'], t['nodes'], t['computations'],\n"
           "      t['hits'], n[0]['name'] == 'we\"ird\\\\name\\n\\t\\x02', n[1]['key'], n[1]['hits'],\n"
           "      n[0]['bytes'])\n";
  }
  const auto result = test::run_command("/usr/bin/python3 " + script + " " + path);
  ASSERT_EQ(result.status, 0) << result.output;
  // calls 2, nodes 2; first get computes a and b, the second is a hit on b.
  EXPECT_EQ(result.output, "lazy lifo 1000 2 2 2 1 True " + key_hex(b.key()) + " 1 " +
                               std::to_string(sizeof(long)) + "\n");
}

}  // namespace
}  // namespace moce
