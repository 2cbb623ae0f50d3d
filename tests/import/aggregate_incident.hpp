// One hand-made incident as rows of (start, isp, session_index, failed), for the aggregate-telemetry
// tests: the sessions corpus comes from IncidentBuilder, the aggregate corpus from
// write_aggregates (one bucket per row: count 1, sum = the KPI, sumsq = its square).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "operators/io/aggregate_table.hpp"
#include "operators/io/incident_index.hpp"
#include "runtime/comm/context.hpp"
#include "tests/experts_support/incident_builder.hpp"

namespace moce::test {

struct AggregateRow {
  double start;
  std::string isp;
  std::int64_t index;
  double failed;
};

// 600 historical sessions at 5% failures; 200 anomalous ones where isp B fails 3 in 5 and first
// sessions 2 in 5 more. Deterministic (index arithmetic), no random draws.
inline std::vector<AggregateRow> aggregate_rows(const IncidentBuilder& b) {
  std::vector<AggregateRow> out;
  for (int i = 0; i < 600; ++i)
    out.push_back({b.hist(i / 600.0), i % 3 ? "A" : "B", i % 4 == 0 ? 1 : 2, i % 20 == 0 ? 1.0 : 0.0});
  for (int i = 0; i < 200; ++i) {
    const std::string isp = i % 3 ? "A" : "B";
    const std::int64_t index = i % 4 == 0 ? 1 : 2;
    const bool failed = (isp == "B" && i % 5 < 3) || (index == 1 && i % 5 >= 3) || i % 20 == 0;
    out.push_back({b.anomaly(i / 200.0), isp, index, failed ? 1.0 : 0.0});
  }
  return out;
}

inline std::string write_aggregates(const std::string& path, const IncidentSpec& spec, const std::vector<AggregateRow>& data) {
  auto context = make_local_context();
  CorpusWriter writer(path, *context, {});
  auto isp = std::make_shared<Dictionary>(std::vector<std::string>{"A", "B"}, "isp");
  std::vector<double> bucket, count, sum, sumsq;
  std::vector<std::int32_t> codes;
  std::vector<std::int64_t> index;
  for (const auto& r : data) {
    bucket.push_back(r.start);
    codes.push_back(isp->find(r.isp));
    index.push_back(r.index);
    count.push_back(1);
    sum.push_back(r.failed);
    sumsq.push_back(r.failed * r.failed);
  }
  Relation table;
  table.add(aggregates::kBucket, Column::real(std::move(bucket)))
      .add("isp", Column::categorical(std::move(codes), isp))
      .add("session_index", Column::int64(std::move(index)))
      .add(aggregates::kCount, Column::real(std::move(count)))
      .add(aggregates::kSum, Column::real(std::move(sum)))
      .add(aggregates::kSumSquares, Column::real(std::move(sumsq)));
  aggregates::write(writer, spec.id, table, {"isp"}, spec.kpi);
  write_incident_index(writer, *context, {spec}, std::make_shared<Dictionary>(std::vector<std::string>{}, "event"));
  writer.commit();
  return path;
}

}  // namespace moce::test
