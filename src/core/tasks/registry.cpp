// registry.cpp — the one list of tasks (in display order), lookup by name,
// and the validation of (task, T, B) at the boundary.
// Deliberately not: any generation logic (one file per task) nor I/O.
#include <string>
#include <vector>

#include "all_tasks.hpp"
#include "../echo.hpp"
#include "../limits.hpp"

namespace rnnlab {

namespace {

constexpr int kMaxT = 100000;
constexpr int kMaxB = 100000;

}  // namespace

const std::vector<Task>& task_registry() {
  static const std::vector<Task> tasks = {
      binary_palindrome_task(), palindrome_task(),  recall_first_task(),
      parity_task(),            baum_sweet_task(), random_combination_task(),
      embedded_reber_task(),    distracted_recall_task(), copy_task(), dyck_task(),
  };
  return tasks;
}

const Task& the_text_task() {
  static const Task task = text_task();
  return task;
}

const Task& the_sequences_task() {
  static const Task task = sequences_task();
  return task;
}

const Task* find_task(const std::string& name) {
  for (const Task& task : task_registry())
    if (task.name == name) return &task;
  if (name == the_text_task().name) return &the_text_task();
  if (name == the_sequences_task().name) return &the_sequences_task();
  return nullptr;
}

std::string validate_generator_args(const std::string& name, int T, int B) {
  const std::string e = validate_task_args(name, T, B);
  if (!e.empty() || find_task(name)->generates()) return e;
  if (find_task(name)->needs_sequences)
    return "the task '" + name + "' has no batches of its own: they are drawn from the reader's sequences (train with them)";
  return "the task '" + name + "' has no batches of its own: they are windows of a text (train with the text)";
}

std::string validate_task_args(const std::string& name, int T, int B) {
  const Task* task = find_task(name);
  if (task == nullptr) {
    std::string known;
    for (const Task& t : task_registry()) known += (known.empty() ? "" : ", ") + t.name;
    known += ", " + the_text_task().name + ", " + the_sequences_task().name;
    return "unknown task '" + echo(name) + "' (known: " + known + ")";
  }
  const std::string for_task = " for task '" + name + "' (got " + std::to_string(T) + ")";
  if (T < task->min_T) return "T must be at least " + std::to_string(task->min_T) + for_task;
  if (T > kMaxT) return "T must be at most " + std::to_string(kMaxT) + for_task;
  if (name == "baum_sweet" && T > kBaumSweetMaxT)
    return "T must be at most " + std::to_string(kBaumSweetMaxT) + for_task +
           ": n is drawn from [0, 2^T) and must fit in 64 bits";
  if (B < 1) return "batch size must be at least 1 (got " + std::to_string(B) + ")";
  if (B > kMaxB)
    return "batch size must be at most " + std::to_string(kMaxB) + " (got " + std::to_string(B) + ")";
  // T + 1 tokens a row at most (binary_palindrome reads T and keeps one more).
  return check_bytes("T x batch too large: the batch's tokens", product_sat({T + 1LL, B, (long long)sizeof(int)}),
                     kMaxBatchBytes, "; reduce T or the batch size");
}

}  // namespace rnnlab
