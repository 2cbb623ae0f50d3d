// Log-beta, regularized incomplete beta (continued fraction) and Student's t tails.
#include "operators/stats/special_functions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "runtime/error.hpp"

namespace moce {
namespace {

// ln Gamma(z) - ln Gamma(z + d) for z >= 10, d >= 0, by the Stirling series of both terms; the
// leading terms are combined through log1p so that no large, nearly equal numbers cancel.
double log_gamma_ratio_stirling(double z, double d) {
  auto tail = [](double x) {  // the Stirling correction sum_k B_2k / (2k (2k-1) x^(2k-1))
    const double r = 1.0 / (x * x);
    return (1.0 / 12.0 -
            r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r * (1.0 / 1680.0 - r * (1.0 / 1188.0 - r * 691.0 / 360360.0))))) /
           x;
  };
  const double zd = z + d;
  return -(z - 0.5) * std::log1p(d / z) - d * std::log(zd) + d + tail(z) - tail(zd);
}

// The continued fraction of I_x(a, b) (without its prefactor), by the modified Lentz method;
// it converges quickly for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  constexpr int kMaxTerms = 100000;
  auto guard = [](double v) { return std::abs(v) < kTiny ? kTiny : v; };
  double c = 1.0;
  double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
  double f = d;
  for (int m = 1; m <= kMaxTerms; ++m) {
    const double md = m;
    const double even = md * (b - md) * x / ((a + 2 * md - 1.0) * (a + 2 * md));
    d = 1.0 / guard(1.0 + even * d);
    c = guard(1.0 + even / c);
    f *= c * d;
    const double odd = -(a + md) * (a + b + md) * x / ((a + 2 * md) * (a + 2 * md + 1.0));
    d = 1.0 / guard(1.0 + odd * d);
    c = guard(1.0 + odd / c);
    const double step = c * d;
    f *= step;
    if (std::abs(step - 1.0) < kEps) return f;
  }
  MOCE_ASSERT(false, "incomplete beta continued fraction did not converge for a=", a, " b=", b, " x=", x);
  return f;
}

}  // namespace

double log_beta(double a, double b) {
  MOCE_ASSERT(a > 0 && b > 0, "log_beta needs positive arguments, got ", a, ", ", b);
  const double big = std::max(a, b);
  const double small = std::min(a, b);
  if (big >= 10.0) return std::lgamma(small) + log_gamma_ratio_stirling(big, small);
  return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}

double regularized_beta(double a, double b, double x) { return regularized_beta(a, b, x, 1.0 - x); }

double regularized_beta(double a, double b, double x, double y) {
  MOCE_ASSERT(a > 0 && b > 0, "regularized_beta needs positive a, b, got ", a, ", ", b);
  MOCE_ASSERT(x >= 0 && x <= 1 && y >= 0 && y <= 1, "regularized_beta needs x in [0,1], got ", x);
  if (x == 0) return 0.0;
  if (y == 0) return 1.0;
  // Evaluate the fraction on the side where it converges; the other side by symmetry
  // I_x(a, b) = 1 - I_y(b, a).
  const bool direct = x < (a + 1.0) / (a + b + 2.0);
  const double pa = direct ? a : b;
  const double pb = direct ? b : a;
  const double px = direct ? x : y;
  const double py = direct ? y : x;
  const double log_front = pa * std::log(px) + pb * std::log(py) - log_beta(pa, pb) - std::log(pa);
  const double value = std::exp(log_front) * beta_continued_fraction(pa, pb, px);
  return direct ? value : 1.0 - value;
}

double student_t_sf(double t, double df) {
  MOCE_ASSERT(df > 0, "student_t_sf needs df > 0, got ", df);
  if (std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(t)) return t > 0 ? 0.0 : 1.0;
  // P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2); both x and 1-x are formed without subtraction.
  const double t2 = t * t;
  const double both_tails = regularized_beta(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2));
  return t > 0 ? both_tails / 2.0 : 1.0 - both_tails / 2.0;
}

}  // namespace moce
