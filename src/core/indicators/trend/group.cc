// Anchor so the trend group library exists before its indicators land.
namespace sp::core::factory {}
