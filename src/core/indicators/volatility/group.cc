// Anchor so the volatility group library exists before its indicators land.
namespace sp::core::factory {}
