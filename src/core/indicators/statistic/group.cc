// Anchor so the statistic group library exists before its indicators land.
namespace sp::core::factory {}
