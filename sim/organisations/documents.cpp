// The documents market of the organisations module (docs/model.md,
// Documents): groups whose forgers make travel documents sell them where the
// forgers work. The migrants module sells from World::documents during its
// choose and arrive phases (a migrant without documents may buy one to open
// the legs that need them) and counts the day in World::document_day; here,
// in the market phase, the sales are booked and the stock refilled.
#include <algorithm>
#include <cmath>

#include "sim/model.hpp"
#include "sim/organisations/organisations.hpp"

namespace smugglesim {

// Most documents a seller keeps ready: `stock_days` of what its group's
// forgers at the start make (shared among the group's sellers).
double OrganisationsModule::documents_cap(std::uint32_t seller) const {
    const Model& md = w_.md();
    const DocumentParams& dp = md.scenario.documents;
    const std::uint32_t maker = md.document_sellers[seller].supplier;
    const OcgModel& ocg = om_->ocgs[maker];
    std::uint32_t forgers = 0;
    for (std::uint32_t i = ocg.first_member; i < ocg.first_member + ocg.member_count; ++i)
        forgers += om_->members[i].role == Role::Forger;
    return dp.stock_days * dp.per_forger_day * md.migrants_scale * forgers / static_cast<double>(group_sellers_[maker].size());
}

// Documents are paid in cash on the spot, at the price the seller asked
// today; those handed to the clients of a package with documents are paid
// with the package (its first stage) and valued here at that price. A group
// selling another group's documents pays it `wholesale_share` of the value;
// the group whose forgers made a document pays them `pay_share` of what it
// got for it (their earnings).
void OrganisationsModule::book_documents(double* cash_in, double* pay, double& paid_today) {
    SeriesSet& s = w_.series;
    const int day = w_.day;
    const Model& md = w_.md();
    std::uint32_t* wanted = s.row<std::uint32_t>(ids_.docs_wanted, day);
    std::uint32_t* sold = s.row<std::uint32_t>(ids_.docs_sold, day);
    std::uint32_t all = 0;
    for (std::uint32_t d = 0; d < md.document_sellers.size(); ++d) {
        const std::uint32_t g = md.document_sellers[d].ocg;
        const DocumentDay& dd = w_.document_day[d];
        const double paid = dd.sold * w_.documents[d].price;
        const double value = paid + dd.packaged * w_.documents[d].price;
        wanted[g] += dd.wanted;
        wanted_[d] = dd.wanted;
        sold[g] += dd.sold + dd.packaged;
        all += dd.sold + dd.packaged;
        doc_stock_[d] = std::max(0.0, doc_stock_[d] - dd.sold - dd.packaged);
        cash_in[g] += paid;
        doc_cash_[g] += paid;
        money_.paid += paid;
        money_.cash_in += paid;
        paid_today += paid;
        const std::uint32_t maker = md.document_sellers[d].supplier;
        double made_for = value;  // what the maker got for them
        if (maker != g) {
            made_for = value * md.scenario.documents.wholesale_share;
            wholesale_out_[g] += made_for;
            wholesale_in_[maker] += made_for;
            s.row<double>(ids_.docs_wholesale, day)[g] += made_for;
        }
        if (const std::uint32_t n = at_work(maker, Role::Forger); n > 0) {
            const double forgers_pay = made_for * md.scenario.market.pay_share;
            pay[maker] += forgers_pay;
            doc_pay_[maker] += forgers_pay;
            forger_pay_[maker] += forgers_pay / n;
        }
        w_.document_day[d] = {};
    }
    *s.row<std::uint32_t>(ids_.docs_sold_total, day) = all;
}

// The forgers at work make `per_forger_day` documents a day each (x
// migrants_scale), shared evenly among the sellers they make documents for
// (their group's, and those of the groups it forges for), up to `stock_days`
// of production each; a seller sells tomorrow what it has ready, while its
// group sells crossings (a stalled hierarchy sells no documents either). Its price
// follows demand as crossings' prices do ([market]): it moves by adjust_rate
// a day towards
//   price_eur x ((1 + wanted / made at full strength) / (1 + queue_reference_days))^demand_elasticity
// within [min_factor, max_factor] x price_eur.
void OrganisationsModule::stock_documents() {
    SeriesSet& s = w_.series;
    const int day = w_.day;
    const Model& md = w_.md();
    const DocumentParams& dp = md.scenario.documents;
    const MarketParams& mp = md.scenario.market;
    double* made = s.row<double>(ids_.docs_made, day);
    double* stock = s.row<double>(ids_.docs_stock, day);
    double* price = s.row<double>(ids_.docs_price, day);
    for (std::uint32_t maker = 0; maker < group_sellers_.size(); ++maker) {
        if (group_sellers_[maker].empty()) continue;
        const double production = at_work(maker, Role::Forger) * dp.per_forger_day * md.migrants_scale;
        const double each = production / static_cast<double>(group_sellers_[maker].size());
        for (const std::uint32_t d : group_sellers_[maker]) {
            const std::uint32_t g = md.document_sellers[d].ocg;
            bool selling = false;
            for (const std::uint32_t o : om_->ocgs[g].offers) selling = selling || w_.offers[o].active;
            const double before = doc_stock_[d];
            doc_stock_[d] = std::min(doc_cap_[d], before + each);
            made[maker] += std::max(0.0, doc_stock_[d] - before);
            stock[g] += doc_stock_[d];
            w_.documents[d].available = selling ? static_cast<std::uint32_t>(doc_stock_[d]) : 0u;
            // Demand: migrants who wanted one today, in days of full production.
            const double full = doc_cap_[d] / dp.stock_days;
            const double pressure = full > 0 ? wanted_[d] / full : 0.0;
            const double base = md.document_sellers[d].price;
            const double target = base * std::clamp(std::pow((1.0 + pressure) / (1.0 + mp.queue_reference_days), mp.demand_elasticity),
                                                    mp.min_factor, mp.max_factor);
            double& p = w_.documents[d].price;
            p += mp.adjust_rate * (target - p);
            if (selling) price[g] = std::max(price[g], p);
        }
    }
}

}  // namespace smugglesim
