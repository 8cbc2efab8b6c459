// Anchor so the volume group library exists before its indicators land.
namespace sp::core::factory {}
