#include "sim/engine/columns.hpp"

#include <fmt/format.h>

namespace smugglesim {

std::vector<std::string> column_labels(const Network& net, Dim dim) {
    std::vector<std::string> out;
    switch (dim) {
        case Dim::Total: break;
        case Dim::Country: out = net.countries(); break;
        case Dim::Place:
            for (const Place& p : net.places()) out.push_back(p.id);
            break;
        case Dim::Leg:
            for (const Leg& l : net.legs()) out.push_back(l.id);
            break;
        case Dim::Mode:
            for (int m = 0; m < kModeCount; ++m) out.emplace_back(to_string(static_cast<Mode>(m)));
            break;
        case Dim::Ocg:
        case Dim::Offer: break;  // not in the network: the series set holds them
    }
    return out;
}

std::vector<std::string> column_labels(const Network& net, const SeriesSet& s, Dim dim) {
    if (!s.labels(dim).empty() || s.width(dim) == 0) return s.labels(dim);
    return column_labels(net, dim);
}

std::string quote_string(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += {'\\', c};
        else if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else out += c;
    }
    return out + "\"";
}

}  // namespace smugglesim
