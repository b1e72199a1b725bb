#include "scene/humanoid.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace twinshoot::scene {
namespace {

using B = HumanBone;

constexpr const char* kNames[kHumanBoneCount] = {
    "hips", "spine", "chest", "upper_chest", "neck", "head",
    "left_shoulder", "left_upper_arm", "left_lower_arm", "left_hand",
    "right_shoulder", "right_upper_arm", "right_lower_arm", "right_hand",
    "left_upper_leg", "left_lower_leg", "left_foot", "left_toes",
    "right_upper_leg", "right_lower_leg", "right_foot", "right_toes"};

// ---- joint names ---------------------------------------------------------------------------

struct NameInfo {
    char side = 0;  // 'L', 'R' or 0
    std::string base;
};

bool is_separator(char c) { return c == '_' || c == '.' || c == '-' || c == ' '; }

NameInfo parse_name(const std::string& raw) {
    std::string s = raw;
    if (auto cut = s.find_last_of(":|"); cut != std::string::npos) s = s.substr(cut + 1);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (s.rfind("mixamorig", 0) == 0) {  // "mixamorig_Hips", "mixamorig1Hips" after a lost ':'
        size_t i = 9;
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || is_separator(s[i]))) ++i;
        s = s.substr(i);
    }
    NameInfo info;
    for (auto [word, side] : {std::pair{"left", 'L'}, std::pair{"right", 'R'}}) {
        if (auto at = s.find(word); at != std::string::npos) {
            info.side = side;
            s.erase(at, std::string(word).size());
            break;
        }
    }
    if (!info.side && s.size() > 2) {
        const char first = s[0], last = s.back();
        if ((last == 'l' || last == 'r') && is_separator(s[s.size() - 2])) {
            info.side = last == 'l' ? 'L' : 'R';
            s.resize(s.size() - 2);
        } else if ((first == 'l' || first == 'r') && is_separator(s[1])) {
            info.side = first == 'l' ? 'L' : 'R';
            s = s.substr(2);
        }
    }
    for (char c : s)
        if (std::isalnum(static_cast<unsigned char>(c))) info.base += c;
    return info;
}

struct Alias {
    B left;   // the bone for side 'L' (or the centre bone)
    B right;  // the bone for side 'R' (same as left for centre bones)
    bool sided;
    std::vector<const char*> names;  // normalised base names, in order of preference
};

const std::vector<Alias>& aliases() {
    static const std::vector<Alias> table = {
        {B::Hips, B::Hips, false, {"hips", "pelvis", "hip", "root"}},
        {B::Neck, B::Neck, false, {"neck", "neck01", "neck1"}},
        {B::Head, B::Head, false, {"head"}},
        {B::LeftShoulder, B::RightShoulder, true, {"shoulder", "clavicle"}},
        {B::LeftUpperArm, B::RightUpperArm, true, {"arm", "upperarm", "upperarm01"}},
        {B::LeftLowerArm, B::RightLowerArm, true, {"forearm", "lowerarm", "lowerarm01"}},
        {B::LeftHand, B::RightHand, true, {"hand", "wrist"}},
        {B::LeftUpperLeg, B::RightUpperLeg, true, {"upleg", "upperleg", "thigh", "upperleg01"}},
        {B::LeftLowerLeg, B::RightLowerLeg, true, {"leg", "lowerleg", "calf", "shin", "lowerleg01"}},
        {B::LeftFoot, B::RightFoot, true, {"foot", "ankle"}},
        {B::LeftToes, B::RightToes, true, {"toebase", "toes", "toe", "ball"}},
    };
    return table;
}

// ---- skeleton geometry ---------------------------------------------------------------------

struct Rig {
    const asset::Skeleton& skeleton;
    std::vector<glm::vec3> p;                  // rest positions
    std::vector<std::vector<int32_t>> children;
    std::vector<int32_t> depth;
    std::vector<float> sub_min_y, sub_max_y;   // over each subtree
    float height = 1.0f;

    explicit Rig(const asset::Skeleton& s) : skeleton(s) {
        const size_t n = s.joints.size();
        const auto world = s.world_transforms(s.rest_locals());
        p.resize(n);
        children.resize(n);
        depth.assign(n, 0);
        for (size_t i = 0; i < n; ++i) {
            p[i] = glm::vec3(world[i][3]);
            if (s.joints[i].parent >= 0) {
                children[size_t(s.joints[i].parent)].push_back(int32_t(i));
                depth[i] = depth[size_t(s.joints[i].parent)] + 1;
            }
        }
        sub_min_y.resize(n);
        sub_max_y.resize(n);
        for (size_t k = n; k-- > 0;) {  // children come after parents
            sub_min_y[k] = sub_max_y[k] = p[k].y;
            for (int32_t c : children[k]) {
                sub_min_y[k] = std::min(sub_min_y[k], sub_min_y[size_t(c)]);
                sub_max_y[k] = std::max(sub_max_y[k], sub_max_y[size_t(c)]);
            }
        }
        float lo = 1e30f, hi = -1e30f;
        for (const auto& q : p) lo = std::min(lo, q.y), hi = std::max(hi, q.y);
        height = std::max(hi - lo, 1e-6f);
    }

    bool is_ancestor(int32_t a, int32_t j) const {
        for (int32_t k = skeleton.joints[size_t(j)].parent; k >= 0; k = skeleton.joints[size_t(k)].parent)
            if (k == a) return true;
        return false;
    }
    float horizontal_reach(int32_t root, int32_t from) const {  // max XZ distance of root's subtree from `from`
        float best = 0.0f;
        std::vector<int32_t> stack{root};
        while (!stack.empty()) {
            int32_t j = stack.back();
            stack.pop_back();
            const glm::vec2 d(p[size_t(j)].x - p[size_t(from)].x, p[size_t(j)].z - p[size_t(from)].z);
            best = std::max(best, glm::length(d));
            for (int32_t c : children[size_t(j)]) stack.push_back(c);
        }
        return best;
    }
};

glm::vec3 horizontal(glm::vec3 v) {
    v.y = 0.0f;
    const float len = glm::length(v);
    return len > 1e-9f ? v / len : glm::vec3(0.0f);
}

// The chain of joints from `a` down to `b` inclusive (b must descend from a), ordered from a.
std::vector<int32_t> path(const Rig& rig, int32_t a, int32_t b) {
    std::vector<int32_t> chain;
    for (int32_t j = b; j >= 0 && j != a; j = rig.skeleton.joints[size_t(j)].parent) chain.push_back(j);
    chain.push_back(a);
    std::reverse(chain.begin(), chain.end());
    return chain;
}

// Splits the joints strictly between the hips and the neck into spine / chest / upper chest.
// With two, the upper one is where the collar bones and neck hang off, the top of the ribcage:
// the upper chest (CesiumMan's and RiggedFigure's sit at 86-88% of the way from hips to neck, where
// a five-joint spine has its upper chest at 68% and its chest at 44%). Mapped as the chest, a pose's
// chest bend turned the shoulders about the base of the neck instead of the middle of the back.
void split_spine(const std::vector<int32_t>& between, HumanoidMap& map) {
    const size_t k = between.size();
    if (k >= 1) map.joints[size_t(B::Spine)] = between.front();
    if (k == 2) map.joints[size_t(B::UpperChest)] = between[1];
    if (k >= 3) {
        map.joints[size_t(B::Chest)] = between[k - 2];
        map.joints[size_t(B::UpperChest)] = between[k - 1];
    }
}

// The joint of `chain` (excluding the ends) nearest the midpoint height of its ends.
int32_t middle_joint(const Rig& rig, const std::vector<int32_t>& chain, size_t first, size_t last) {
    if (last <= first + 1) return -1;
    const float mid = 0.5f * (glm::length(rig.p[size_t(chain[first])] - rig.p[size_t(chain[last])]));
    int32_t best = -1;
    float best_error = 1e30f;
    for (size_t i = first + 1; i < last; ++i) {
        const float d = glm::length(rig.p[size_t(chain[i])] - rig.p[size_t(chain[first])]);
        if (std::abs(d - mid) < best_error) best_error = std::abs(d - mid), best = chain[i];
    }
    return best;
}

void set_directions(const Rig& rig, HumanoidMap& map, std::optional<glm::vec3> forward_hint) {
    map.up = glm::vec3(0.0f, 1.0f, 0.0f);
    if (map.has(B::LeftUpperLeg) && map.has(B::RightUpperLeg)) {
        const glm::vec3 left = horizontal(rig.p[size_t(map[B::LeftUpperLeg])] - rig.p[size_t(map[B::RightUpperLeg])]);
        if (glm::length(left) > 0.5f) {
            map.left = left;
            map.forward = glm::cross(map.left, map.up);
            return;
        }
    }
    map.forward = forward_hint.value_or(glm::vec3(0.0f, 0.0f, 1.0f));
    map.left = glm::cross(map.up, map.forward);
}

std::vector<std::string> missing_essentials(const HumanoidMap& map) {
    std::vector<std::string> missing;
    for (size_t b = 0; b < kHumanBoneCount; ++b)
        if (is_essential(B(b)) && map.joints[b] < 0) missing.push_back(kNames[b]);
    return missing;
}

// Parent-child order along each limb must hold.
bool limbs_ordered(const Rig& rig, const HumanoidMap& m) {
    const B chains[][4] = {{B::Hips, B::LeftUpperLeg, B::LeftLowerLeg, B::LeftFoot},
                           {B::Hips, B::RightUpperLeg, B::RightLowerLeg, B::RightFoot},
                           {B::Hips, B::LeftUpperArm, B::LeftLowerArm, B::LeftHand},
                           {B::Hips, B::RightUpperArm, B::RightLowerArm, B::RightHand},
                           {B::Hips, B::Spine, B::Head, B::Head}};
    for (const auto& c : chains)
        for (int i = 0; i < 3; ++i)
            if (c[i] != c[i + 1] && !rig.is_ancestor(m[c[i]], m[c[i + 1]])) return false;
    return true;
}

// Structure alone can mistake a forearm for a hand on a rig without hands: accept only human
// proportions (each limb segment long enough, upper and lower parts within a factor of two).
bool proportions_plausible(const Rig& rig, const HumanoidMap& m) {
    const B limbs[][3] = {{B::LeftUpperArm, B::LeftLowerArm, B::LeftHand}, {B::RightUpperArm, B::RightLowerArm, B::RightHand},
                          {B::LeftUpperLeg, B::LeftLowerLeg, B::LeftFoot}, {B::RightUpperLeg, B::RightLowerLeg, B::RightFoot}};
    for (const auto& limb : limbs) {
        const float upper = glm::length(rig.p[size_t(m[limb[1]])] - rig.p[size_t(m[limb[0]])]);
        const float lower = glm::length(rig.p[size_t(m[limb[2]])] - rig.p[size_t(m[limb[1]])]);
        if (upper < 0.06f * rig.height || lower < 0.06f * rig.height) return false;
        if (upper > 2.0f * lower || lower > 2.0f * upper) return false;
    }
    return true;
}

// ---- 2. by name ------------------------------------------------------------------------------

HumanoidMap map_by_names(const Rig& rig) {
    HumanoidMap map;
    map.method = MappingMethod::Names;
    std::vector<NameInfo> info;
    for (const auto& j : rig.skeleton.joints) info.push_back(parse_name(j.name));
    for (const Alias& alias : aliases()) {
        for (char side : alias.sided ? std::vector<char>{'L', 'R'} : std::vector<char>{0}) {
            const B bone = side == 'R' ? alias.right : alias.left;
            for (const char* name : alias.names) {  // the first alias that matches anything wins
                int32_t best = -1;
                for (size_t j = 0; j < info.size(); ++j) {
                    if (info[j].side != side || info[j].base != name) continue;
                    if (best < 0 || rig.depth[j] < rig.depth[size_t(best)]) best = int32_t(j);
                }
                if (best >= 0) {
                    map.joints[size_t(bone)] = best;
                    break;
                }
            }
        }
    }
    const int32_t top = map.has(B::Neck) ? map[B::Neck] : map[B::Head];
    if (map.has(B::Hips) && top >= 0 && rig.is_ancestor(map[B::Hips], top)) {
        std::vector<int32_t> chain = path(rig, map[B::Hips], top);
        split_spine(std::vector<int32_t>(chain.begin() + 1, chain.end() - 1), map);
    }
    set_directions(rig, map, std::nullopt);
    return map;
}

// ---- 3. by structure -------------------------------------------------------------------------

HumanoidMap map_by_structure(const Rig& rig) {
    HumanoidMap map;
    map.method = MappingMethod::Structure;
    const float H = rig.height;
    const size_t n = rig.p.size();

    int32_t hips = -1;
    for (size_t j = 0; j < n; ++j) {
        int legs = 0, up = 0;
        for (int32_t c : rig.children[j]) {
            legs += rig.sub_min_y[size_t(c)] < rig.p[j].y - 0.25f * H;
            up += rig.sub_max_y[size_t(c)] > rig.p[j].y + 0.25f * H;
        }
        if (legs >= 2 && up >= 1 && (hips < 0 || rig.depth[j] > rig.depth[size_t(hips)])) hips = int32_t(j);
    }
    if (hips < 0) return map;
    map.joints[size_t(B::Hips)] = hips;

    std::vector<int32_t> kids = rig.children[size_t(hips)];
    std::sort(kids.begin(), kids.end(), [&](int32_t a, int32_t b) { return rig.sub_min_y[size_t(a)] < rig.sub_min_y[size_t(b)]; });
    const int32_t leg_roots[2] = {kids[0], kids[1]};
    int32_t spine_root = -1;
    for (int32_t c : rig.children[size_t(hips)])
        if (spine_root < 0 || rig.sub_max_y[size_t(c)] > rig.sub_max_y[size_t(spine_root)]) spine_root = c;

    // Legs.
    struct Limb {
        int32_t root = -1, upper = -1, lower = -1, end = -1, extra = -1;  // extra: toes or shoulder
    } legs[2];
    glm::vec3 toe_direction(0.0f);
    for (int i = 0; i < 2; ++i) {
        std::vector<int32_t> chain{leg_roots[i]};
        while (!rig.children[size_t(chain.back())].empty()) {
            const auto& cs = rig.children[size_t(chain.back())];
            chain.push_back(*std::min_element(cs.begin(), cs.end(), [&](int32_t a, int32_t b) {
                return rig.sub_min_y[size_t(a)] < rig.sub_min_y[size_t(b)];
            }));
        }
        const float floor = rig.sub_min_y[size_t(leg_roots[i])];
        size_t upper = chain.size(), foot = chain.size();
        for (size_t k = 0; k + 1 < chain.size(); ++k) {
            if (rig.p[size_t(chain[k])].y - rig.p[size_t(chain[k + 1])].y > 0.08f * H) {
                upper = k;
                break;
            }
        }
        for (size_t k = upper; k < chain.size(); ++k)
            if (rig.p[size_t(chain[k])].y > floor + 0.03f * H) foot = k;
        if (upper >= chain.size() || foot >= chain.size() || foot <= upper) return map;
        legs[i].upper = chain[upper];
        legs[i].end = chain[foot];
        legs[i].lower = middle_joint(rig, chain, upper, foot);
        if (foot + 1 < chain.size()) {
            legs[i].extra = chain[foot + 1];
            toe_direction += horizontal(rig.p[size_t(legs[i].extra)] - rig.p[size_t(legs[i].end)]);
        }
    }

    // Spine up to the branch where the arms leave.
    int32_t branch = -1;
    std::vector<int32_t> spine_chain;
    for (int32_t j = spine_root; j >= 0;) {
        spine_chain.push_back(j);
        int arms = 0;
        for (int32_t c : rig.children[size_t(j)]) arms += rig.horizontal_reach(c, j) > 0.2f * H;
        if (arms >= 2) {
            branch = j;
            break;
        }
        int32_t next = -1;
        for (int32_t c : rig.children[size_t(j)])
            if (next < 0 || rig.sub_max_y[size_t(c)] > rig.sub_max_y[size_t(next)]) next = c;
        j = next;
    }
    if (branch < 0) return map;
    split_spine(spine_chain, map);

    std::vector<int32_t> out = rig.children[size_t(branch)];
    std::sort(out.begin(), out.end(), [&](int32_t a, int32_t b) {
        return rig.horizontal_reach(a, branch) > rig.horizontal_reach(b, branch);
    });
    Limb arms[2];
    for (int i = 0; i < 2; ++i) {
        std::vector<int32_t> chain{out[size_t(i)]};
        while (rig.children[size_t(chain.back())].size() == 1) {  // a hand branches into fingers, or ends
            const auto& cs = rig.children[size_t(chain.back())];
            chain.push_back(*std::max_element(cs.begin(), cs.end(), [&](int32_t a, int32_t b) {
                return rig.horizontal_reach(a, branch) < rig.horizontal_reach(b, branch);
            }));
        }
        // A clavicle is a short first segment: under half the length of the upper arm after it.
        auto segment = [&](size_t k) { return glm::length(rig.p[size_t(chain[k + 1])] - rig.p[size_t(chain[k])]); };
        const size_t upper = chain.size() >= 4 && segment(0) < 0.5f * segment(1) ? 1 : 0;
        const size_t hand = chain.size() - 1;
        if (upper >= hand) return map;
        arms[i].upper = chain[upper];
        arms[i].end = chain[hand];
        arms[i].lower = middle_joint(rig, chain, upper, hand);
        if (upper > 0) arms[i].extra = chain[upper - 1];
    }
    // Neck and head: the remaining child that rises highest.
    int32_t neck_root = -1;
    for (size_t k = 2; k < out.size(); ++k)
        if (neck_root < 0 || rig.sub_max_y[size_t(out[k])] > rig.sub_max_y[size_t(neck_root)]) neck_root = out[k];
    if (neck_root >= 0) {
        const auto& cs = rig.children[size_t(neck_root)];
        if (cs.empty()) {
            map.joints[size_t(B::Head)] = neck_root;
        } else {
            map.joints[size_t(B::Neck)] = neck_root;
            map.joints[size_t(B::Head)] = *std::max_element(cs.begin(), cs.end(), [&](int32_t a, int32_t b) {
                return rig.sub_max_y[size_t(a)] < rig.sub_max_y[size_t(b)];
            });
        }
    }

    // Sides from the facing direction: toes point forward; the figure's left is up x forward.
    const glm::vec3 forward = glm::length(toe_direction) > 1e-6f ? glm::normalize(toe_direction) : glm::vec3(0, 0, 1);
    const glm::vec3 left = glm::cross(glm::vec3(0, 1, 0), forward);
    auto is_left = [&](int32_t joint, int32_t from) { return glm::dot(rig.p[size_t(joint)] - rig.p[size_t(from)], left) > 0.0f; };
    const int l_leg = is_left(legs[0].upper, hips) ? 0 : 1, l_arm = is_left(arms[0].upper, branch) ? 0 : 1;
    const Limb& ll = legs[l_leg];
    const Limb& rl = legs[1 - l_leg];
    const Limb& la = arms[l_arm];
    const Limb& ra = arms[1 - l_arm];
    map.joints[size_t(B::LeftUpperLeg)] = ll.upper, map.joints[size_t(B::LeftLowerLeg)] = ll.lower;
    map.joints[size_t(B::LeftFoot)] = ll.end, map.joints[size_t(B::LeftToes)] = ll.extra;
    map.joints[size_t(B::RightUpperLeg)] = rl.upper, map.joints[size_t(B::RightLowerLeg)] = rl.lower;
    map.joints[size_t(B::RightFoot)] = rl.end, map.joints[size_t(B::RightToes)] = rl.extra;
    map.joints[size_t(B::LeftShoulder)] = la.extra, map.joints[size_t(B::LeftUpperArm)] = la.upper;
    map.joints[size_t(B::LeftLowerArm)] = la.lower, map.joints[size_t(B::LeftHand)] = la.end;
    map.joints[size_t(B::RightShoulder)] = ra.extra, map.joints[size_t(B::RightUpperArm)] = ra.upper;
    map.joints[size_t(B::RightLowerArm)] = ra.lower, map.joints[size_t(B::RightHand)] = ra.end;
    set_directions(rig, map, forward);
    return map;
}

}  // namespace

const char* bone_name(HumanBone bone) { return kNames[size_t(bone)]; }

std::optional<HumanBone> bone_from_name(std::string_view name) {
    for (size_t b = 0; b < kHumanBoneCount; ++b)
        if (name == kNames[b]) return HumanBone(b);
    return std::nullopt;
}

bool is_essential(HumanBone bone) {
    switch (bone) {
        case B::Chest: case B::UpperChest: case B::Neck: case B::LeftShoulder: case B::RightShoulder:
        case B::LeftToes: case B::RightToes: return false;
        default: return true;
    }
}

const char* method_name(MappingMethod method) {
    switch (method) {
        case MappingMethod::Explicit: return "bone map";
        case MappingMethod::Names: return "joint names";
        default: return "skeleton structure";
    }
}

Result<HumanoidMap> map_humanoid(const asset::Skeleton& skeleton, const std::map<std::string, std::string>& explicit_map) {
    if (skeleton.empty()) return make_error(ErrorCode::Invalid, "the model has no skeleton (it is not rigged)");
    const Rig rig(skeleton);

    HumanoidMap by_names = map_by_names(rig);
    const bool names_ok = missing_essentials(by_names).empty() && limbs_ordered(rig, by_names);
    HumanoidMap map = names_ok ? by_names : map_by_structure(rig);
    const bool structure_ok =
        !names_ok && missing_essentials(map).empty() && limbs_ordered(rig, map) && proportions_plausible(rig, map);
    if (!names_ok && !structure_ok && explicit_map.empty()) {
        const auto missing_names = missing_essentials(by_names);
        std::string list;
        for (const auto& m : missing_names.empty() ? missing_essentials(map) : missing_names)
            list += (list.empty() ? "" : ", ") + m;
        return make_error(ErrorCode::Parse, "cannot map the skeleton to the canonical humanoid: missing essential bones: " +
                                                (list.empty() ? std::string("(limb order inconsistent)") : list) +
                                                " (supply a bone map)");
    }
    if (!explicit_map.empty()) {
        if (!names_ok && !structure_ok) map = by_names;  // never build on a rejected structural guess
        for (const auto& [bone, joint] : explicit_map) {
            auto b = bone_from_name(bone);
            if (!b) return make_error(ErrorCode::Parse, "bone map: unknown canonical bone '" + bone + "'");
            const int32_t j = skeleton.find(joint);
            if (j < 0) return make_error(ErrorCode::Parse, "bone map: " + bone + ": no joint named '" + joint + "'");
            map.joints[size_t(*b)] = j;
        }
        map.method = MappingMethod::Explicit;
        if (auto missing = missing_essentials(map); !missing.empty()) {
            std::string list;
            for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
            return make_error(ErrorCode::Parse, "bone map leaves essential bones unmapped: " + list);
        }
        set_directions(rig, map, std::nullopt);
    }
    return map;
}

}  // namespace twinshoot::scene
