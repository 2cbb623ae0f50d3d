// Experts 1-2: lasso of the session KPI on per-session URL statistics, leads by contribution.
#include "experts/url/flow_model.hpp"

#include <cmath>

#include "experts/workflows/session_tables.hpp"
#include "operators/stats/lasso.hpp"
#include "operators/stats/welch_t_test.hpp"
#include "runtime/error.hpp"

namespace moce::experts {

namespace {

ExpertInfo info_for(UrlMetric metric) {
  const bool duration = metric == UrlMetric::kDuration;
  return {
      duration ? "flow_model_duration" : "flow_model_failures",
      "url_flow_model",
      url_metric_kpi_kinds(metric),
      "network request URLs of the flow context (url:<url>)",
      {Telemetry::kSessions, Telemetry::kEvents},
      duration ? "Flow model (A.1) on per-session URL duration" : "Flow model (A.1) on per-session URL failure rate"};
}

// Mean and unbiased variance of `column` over the rows in `window`.
SampleSummary summary_of(const Eigen::Ref<const Eigen::VectorXd>& column, const std::vector<std::int64_t>& window,
                         std::int64_t which) {
  double n = 0, mean = 0, m2 = 0;
  for (Eigen::Index i = 0; i < column.size(); ++i) {
    if (window[static_cast<std::size_t>(i)] != which) continue;
    n += 1;
    const double delta = column[i] - mean;
    mean += delta / n;
    m2 += delta * (column[i] - mean);
  }
  return {n, mean, n > 1 ? m2 / (n - 1) : 0.0};
}

// The smallest lambda that zeroes every standardised coefficient: max_j |z_j' (y - mean y)| / n.
double lambda_max(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const double n = static_cast<double>(x.rows());
  const Eigen::VectorXd yc = y.array() - y.mean();
  double best = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const Eigen::VectorXd xc = x.col(j).array() - x.col(j).mean();
    const double scale = std::sqrt(xc.squaredNorm() / n);
    if (scale > 0) best = std::max(best, std::abs(xc.dot(yc)) / (n * scale));
  }
  return best;
}

}  // namespace

FlowModel::FlowModel(UrlMetric metric, const Config* config)
    : Expert(info_for(metric), config),
      metric_(metric),
      alpha_share_(param("alpha_share", 0.2, 1e-6, 1)),
      min_r2_(param("min_r2", 0.5, -1e9, 1)),
      lambda_ratio_(param("lambda_ratio", 0.01, 0, 1)),
      alpha_(param("alpha", 0.01, 1e-12, 0.5)),
      min_sessions_(param_int("min_sessions", 10, 2, 1'000'000'000)),
      max_leads_(param_int("max_leads", 5, 1, 1000)) {}

Lazy<Leads> FlowModel::build(Workflows& wf) const {
  const bool higher_is_better = wf.spec().higher_is_better;
  return step(
      wf, "rank", [this, higher_is_better](const UrlSessionMatrix& m) { return rank(m, higher_is_better); },
      url_session_matrix(wf, metric_));
}

Leads FlowModel::rank(const UrlSessionMatrix& m, bool higher_is_better) const {
  Leads out;
  const Eigen::Index n = m.x.rows(), p = m.x.cols();
  if (n == 0 || p == 0) return out;
  const Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(m.kpi.data(), n);
  const SampleSummary kpi_h = summary_of(y, m.window, kHistorical), kpi_a = summary_of(y, m.window, kAnomaly);
  if (kpi_h.count < static_cast<double>(min_sessions_) || kpi_a.count < static_cast<double>(min_sessions_)) return out;

  // 1. The KPI must have worsened, significantly.
  const double s = higher_is_better ? -1.0 : 1.0;  // s * change > 0: worse
  const double kpi_change = kpi_a.mean - kpi_h.mean;
  const auto kpi_test = WelchTTest().run(kpi_a, kpi_h);
  const double kpi_p = higher_is_better ? kpi_test.p_less : kpi_test.p_greater;
  if (!(s * kpi_change > 0) || !(kpi_p < alpha_)) return out;

  // 2-3. The linear model, trusted only with a good fit.
  const double lambda = lambda_ratio_ * lambda_max(m.x, y);
  const LassoFit fit = Lasso({.lambda = lambda}).fit(m.x, y);
  if (!(fit.r2 >= min_r2_)) return out;

  // 4. Contributions against rule (2), each URL's own change tested.
  const double tested = static_cast<double>(p);
  double total = 0;
  for (Eigen::Index j = 0; j < p; ++j) {
    const double coefficient = fit.coefficients[j];
    if (coefficient == 0) continue;
    const SampleSummary fh = summary_of(m.x.col(j), m.window, kHistorical);
    const SampleSummary fa = summary_of(m.x.col(j), m.window, kAnomaly);
    const double contribution = coefficient * (fa.mean - fh.mean);
    if (!(s * contribution > alpha_share_ * s * kpi_change)) continue;
    // s * coefficient > 0: a larger f worsens M, so f must have grown; otherwise shrunk.
    const auto url_test = WelchTTest().run(fa, fh);
    const double url_p = s * coefficient > 0 ? url_test.p_greater : url_test.p_less;
    if (!(url_p * tested < alpha_)) continue;
    Lead lead;
    lead.id = lead_id::url(m.urls[static_cast<std::size_t>(j)]);
    lead.confidence = s * contribution;  // normalised below
    lead.evidence.add("contribution", contribution)
        .add("share_of_kpi_change", contribution / kpi_change)
        .add("coefficient", coefficient)
        .add("hist_mean", fh.mean)
        .add("anomaly_mean", fa.mean)
        .add("url_welch_p", url_p)
        .add("kpi_hist_mean", kpi_h.mean)
        .add("kpi_anomaly_mean", kpi_a.mean)
        .add("kpi_welch_p", kpi_p)
        .add("r2", fit.r2)
        .add("lambda", lambda)
        .add("sessions", static_cast<double>(n));
    lead.evidence.note = cat("lasso of the KPI on per-session URL ", to_string(metric_),
                             "; contribution = coefficient x (anomaly mean - historical mean)");
    out.leads.push_back(std::move(lead));
  }
  rank_leads(out.leads, static_cast<std::size_t>(max_leads_));
  for (const auto& lead : out.leads) total += lead.confidence;
  for (auto& lead : out.leads) lead.confidence /= total;
  return out;
}

}  // namespace moce::experts
