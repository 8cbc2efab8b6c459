// Cholesky factorisation of a symmetric positive-definite matrix: A = L * L^T, L lower triangular.
//
// Matrices are n x n, dense, row-major (element (i, j) at [i * n + j]), as covariance.h produces
// them. The factor is computed row by row (Cholesky-Banachiewicz): each entry is a dot product of
// two contiguous row prefixes, which the compiler vectorises. The strict upper triangle of L is 0.
//
// Failure (a message, no exception): the matrix is not n x n, has a non-finite entry, is not
// symmetric (|a_ij - a_ji| > 1e-10 * sqrt(a_ii * a_jj)), or is not positive definite: a pivot
// a_kk - sum_j L_kj^2 is <= n * 2.2e-16 * a_kk, i.e. zero or negative to within rounding. The
// message names the pivot (the asset) at which it failed; a common cause is two identical or
// perfectly collinear return series, or an asset whose price never moves.
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/risk/result.h"

namespace sp::core::risk {

Result<std::vector<double>> cholesky(std::span<const double> matrix, std::size_t n);

}  // namespace sp::core::risk
