// Special functions the statistical tests need: log-beta, the regularized incomplete beta
// function (continued fraction, modified Lentz) and Student's t distribution built on it.
#pragma once

namespace moce {

// ln B(a, b) for a, b > 0; the ratio Gamma(a)/Gamma(a+b) goes through a Stirling series when
// the larger argument is >= 10, so large degrees of freedom keep full relative precision.
double log_beta(double a, double b);

// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 <= x <= 1.
double regularized_beta(double a, double b, double x);

// The same with y = 1 - x given separately, so callers that know 1 - x exactly (Student's t
// tails) do not lose it to cancellation. Requires x + y == 1 up to rounding.
double regularized_beta(double a, double b, double x, double y);

// P(T > t) for Student's t with `df` > 0 degrees of freedom (the survival function).
double student_t_sf(double t, double df);

}  // namespace moce
