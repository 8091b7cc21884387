#pragma once
// Error types shared by the whole project. Every error that comes from bad input
// (a broken network file, an unknown scenario key, a NaN, an unreadable file) is an
// InputError whose message names the file, the layer/feature/key and what is wrong.
#include <stdexcept>
#include <string>

namespace smugglesim {

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace smugglesim
