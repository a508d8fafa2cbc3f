#pragma once
// What one step of an actor read and wrote: the shared resources the model
// touched, each read or written. Two steps commute when neither writes what
// the other touches; the dfs strategy's partial-order reduction (sleep sets)
// skips a schedule that only swaps commuting steps of one already run.
//
// A resource is a 64-bit id built from a kind and a number (a table's oid,
// an advisory lock's key) or a hashed name. Ids must mean the same thing in
// every schedule sharing a prefix, so never an address. A collision only
// makes two steps look dependent: less reduction, never a missed schedule.
//
// Example:
//   exec.touch(resource_id(ResourceKind::kTableData, table.oid), Access::kWrite);

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace interleave {

using ResourceId = std::uint64_t;

enum class ResourceKind : std::uint8_t {
  kSpawn = 1,      // actor ids are handed out in spawn order
  kTimers,         // virtual-time deadlines, woken in issue order
  kCatalog,        // the db model's schemas and tables
  kTableData,      // a table's row versions, row locks and sequence
  kLock,           // a lock manager entry (table or advisory lock)
  kWaitGraph,      // who waits for whom, for deadlock detection
  kWorkflows,      // the workflow engine's runs
  kAttempt,        // one activity attempt's report to its workflow
  kFaults,         // the fault budget
  kTest,           // free for tests
};

enum class Access : std::uint8_t { kRead, kWrite };

constexpr ResourceId resource_id(ResourceKind kind, std::uint64_t number) {
  return (static_cast<ResourceId>(kind) << 56) | (number & ((ResourceId{1} << 56) - 1));
}
// FNV-1a of a name, for resources named by text (a workflow id).
constexpr ResourceId resource_id(ResourceKind kind, std::string_view name) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return resource_id(kind, hash);
}

class Footprint {
 public:
  struct Entry {
    ResourceId resource;
    Access access;
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  void add(ResourceId resource, Access access) {
    for (Entry& entry : entries_) {
      if (entry.resource != resource) continue;
      if (access == Access::kWrite) entry.access = Access::kWrite;
      return;
    }
    entries_.push_back({resource, access});
  }
  void merge(const Footprint& other) {
    for (const Entry& entry : other.entries_) add(entry.resource, entry.access);
  }
  void clear() { entries_.clear(); }
  bool empty() const { return entries_.empty(); }
  std::span<const Entry> entries() const { return entries_; }

  // Dependent: both touch a resource and at least one writes it.
  bool conflicts_with(const Footprint& other) const {
    return std::any_of(entries_.begin(), entries_.end(), [&](const Entry& mine) {
      return std::any_of(other.entries_.begin(), other.entries_.end(), [&](const Entry& theirs) {
        return mine.resource == theirs.resource &&
               (mine.access == Access::kWrite || theirs.access == Access::kWrite);
      });
    });
  }
  friend bool operator==(const Footprint&, const Footprint&) = default;

 private:
  std::vector<Entry> entries_;  // a step touches a handful: a vector beats a set
};

}  // namespace interleave
