// OnceMap: immutable values made once per key and shared, safe to ask for from many threads at once
// (an editor's worker binding the next looks while the window asks for the current one).
//
// The first asker of a key makes its value, outside the lock, so that other keys are made meanwhile;
// whoever asks for the same key in the meantime waits for that value and gets the same answer (the
// same object, never a second copy made). A failure is handed to the askers who waited for it and then
// forgotten: the next asker tries again (a file fixed on disk then loads). An exception thrown by
// `make` reaches its own asker and those waiting, and is forgotten too.
//
// `make` must not ask for its own key, directly or through other maps (it would wait for itself);
// values that depend on one another live in maps layered so that a key only asks for lower ones.
#pragma once

#include <exception>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "core/result.h"

namespace twinshoot {

template <class T>
class OnceMap {
public:
    using Value = Result<std::shared_ptr<const T>>;

    // The value of `key`: kept, being made by another thread (waited for), or made now by `make`
    // (a callable returning Value, run on this thread).
    template <class Make>
    Value get(const std::string& key, Make&& make) {
        std::promise<Value> promise;
        {
            std::unique_lock lock(m_mutex);
            if (auto it = m_entries.find(key); it != m_entries.end()) {
                std::shared_future<Value> made = it->second;
                lock.unlock();
                return made.get();
            }
            m_entries.emplace(key, promise.get_future().share());
        }
        try {
            Value value = std::forward<Make>(make)();
            if (!value) forget(key);
            promise.set_value(value);
            return value;
        } catch (...) {
            forget(key);
            promise.set_exception(std::current_exception());
            throw;
        }
    }

    // Keys kept or being made.
    size_t size() const {
        std::lock_guard lock(m_mutex);
        return m_entries.size();
    }

private:
    void forget(const std::string& key) {
        std::lock_guard lock(m_mutex);
        m_entries.erase(key);
    }

    mutable std::mutex m_mutex;
    std::map<std::string, std::shared_future<Value>> m_entries;
};

}  // namespace twinshoot
