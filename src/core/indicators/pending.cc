// SCAFFOLDING, removed before the analytics-core issue closes: weak definitions for indicators whose
// files have not landed yet, so the registry links while the groups are written in parallel.
#include <cstdio>
#include <cstdlib>

#include "core/indicators/factories.h"

namespace sp::core::factory {

#define SP_PENDING(name)                                                                       \
  [[gnu::weak]] std::unique_ptr<IndicatorStream> make_##name(std::span<const double>) {        \
    std::fprintf(stderr, "indicator " #name " is not implemented yet\n");                      \
    std::abort();                                                                              \
  }                                                                                            \
  [[gnu::weak]] void batch_##name(std::span<const double>, const OhlcvView&, double* const*) { \
    std::fprintf(stderr, "indicator " #name " is not implemented yet\n");                      \
    std::abort();                                                                              \
  }
SP_FOR_EACH_INDICATOR(SP_PENDING)
#undef SP_PENDING

}  // namespace sp::core::factory
