// Anchor so the momentum group library exists before its indicators land.
namespace sp::core::factory {}
