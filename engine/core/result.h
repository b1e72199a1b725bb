// Result<T>: a value, or an Error carrying a readable reason.
//
// Two error levels (see DEVELOPERS.md): programmer errors assert; anything the environment or a
// user's file can cause returns an Error. Messages are complete sentences fragments meant for a
// person, already naming the file or object involved ("model.glb: truncated binary chunk").
// Accessing value() on an error, or error() on a value, is a programmer error (asserts).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace twinshoot {

enum class ErrorCode {
    Io,           // file missing, unreadable, unwritable
    Parse,        // malformed or truncated user data
    Unsupported,  // a valid request we cannot serve (extension, format, feature)
    Vulkan,       // a Vulkan call failed; message carries the VkResult name
    NoDevice,     // no usable Vulkan device
    Invalid,      // a request that makes no sense (zero size, bad index)
    Refused,      // the licence does not allow it (or no grant covers it)
};

struct Error {
    ErrorCode code = ErrorCode::Invalid;
    std::string message;

    // Returns a copy with `context` prefixed: "context: message".
    Error with_context(const std::string& context) const { return {code, context + ": " + message}; }
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : m_state(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<T>(m_state); }
    const T& value() const& { assert(ok()); return std::get<T>(m_state); }
    T&& value() && { assert(ok()); return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }

    const Error& error() const { assert(!ok()); return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { assert(m_failed); return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

using Status = Result<void>;

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace twinshoot

// Propagates an error from an expression returning Status.
#define TS_TRY(expr)                                   \
    do {                                               \
        auto ts_try_status_ = (expr);                  \
        if (!ts_try_status_) return ts_try_status_.error(); \
    } while (0)

#define TS_CONCAT_INNER(a, b) a##b
#define TS_CONCAT(a, b) TS_CONCAT_INNER(a, b)
// Declares `decl` from a Result<T> expression, returning its error if it failed.
// Expands to several statements: put it in braces after an if.
#define TS_TRY_ASSIGN(decl, expr) TS_TRY_ASSIGN_IMPL(TS_CONCAT(ts_result_, __LINE__), decl, expr)
#define TS_TRY_ASSIGN_IMPL(tmp, decl, expr) \
    auto tmp = (expr);                      \
    if (!tmp) return tmp.error();           \
    decl = std::move(tmp).value()
