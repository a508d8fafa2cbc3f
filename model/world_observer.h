#pragma once
// Watches each schedule's world from outside the model: a mirror on a real
// server (backends/pg/server_mirror.h) wraps the db's connections when the world
// is built, and compares the final tables when the schedule is over.

namespace interleave::model {

struct World;

class WorldObserver {
 public:
  virtual ~WorldObserver() = default;
  // Right after the world is built, before any actor runs.
  virtual void world_built(World& world) = 0;
  // Once the schedule is over (every actor finished or unwound), before the
  // world is destroyed. Must not throw.
  virtual void world_finished(const World& world) noexcept = 0;
};

}  // namespace interleave::model
