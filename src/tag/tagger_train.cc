// Averaged-perceptron trainer for the two-pass tagger (see tagger.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_map>

#include "base/file.h"
#include "tag/model.h"
#include "tag/tagger.h"

namespace khaldun {
namespace {

using tag::kMaxFeatures;
using tag::LinearModel;
using tag::TaggerModel;
using tag::WordInfo;

// Deterministic PRNG (splitmix64) for the epoch shuffles.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
    return tag::Mix64(z);
  }

 private:
  uint64_t s_;
};

// One training sentence, prepared once: padded word infos and gold tag ids.
struct Prepared {
  std::vector<WordInfo> words;  // n + 4
  std::vector<int> gold;        // n; -1 for a tag the model does not know
  int n = 0;
};

std::string CompositeTag(const Token& t) { return t.upos + "\t" + t.xpos; }

struct Entry {
  float w = 0;
  uint32_t ts = 0;
  double total = 0;
  uint8_t tag = 0;
};

// Sparse averaged perceptron over a fixed feature set.
class Perceptron {
 public:
  Perceptron(const TaggerModel& model, float margin) : model_(model), margin_(margin) {}

  // Counts features under gold tag context; keeps those seen >= min_count times.
  void SelectFeatures(const std::vector<const Prepared*>& data,
                      const std::vector<std::vector<uint8_t>>* right, int min_count) {
    std::unordered_map<uint64_t, uint32_t> counts;
    std::vector<uint64_t> order;
    std::vector<uint8_t> left;
    uint64_t feats[kMaxFeatures];
    for (size_t s = 0; s < data.size(); ++s) {
      const Prepared& p = *data[s];
      GoldContext(p, &left);
      for (int i = 0; i < p.n; ++i) {
        int nf = tag::ExtractFeatures(p.words.data(), i + 2, left.data(),
                                      right ? (*right)[s].data() : nullptr, feats);
        for (int f = 0; f < nf; ++f) {
          auto [it, added] = counts.emplace(feats[f], 0);
          if (added) order.push_back(feats[f]);
          it->second++;
        }
      }
    }
    for (uint64_t k : order)
      if (counts[k] >= static_cast<uint32_t>(min_count)) keys_.push_back(k);
    index_.Build(keys_);
    rows_.assign(keys_.size(), {});
  }

  // One epoch over `data` in the order `order`; `right` as in SelectFeatures.
  // Returns the number of training tokens tagged correctly.
  size_t Epoch(const std::vector<const Prepared*>& data,
               const std::vector<std::vector<uint8_t>>* right, const std::vector<size_t>& order) {
    const int nt = model_.num_tags();
    std::vector<float> scores(model_.num_slots());
    std::vector<uint8_t> left;
    std::vector<uint32_t> rows;
    uint64_t feats[kMaxFeatures];
    size_t correct = 0;
    for (size_t s : order) {
      const Prepared& p = *data[s];
      left.assign(p.n + 4, tag::kStartTag);
      left[p.n + 2] = left[p.n + 3] = tag::kEndTag;
      for (int i = 0; i < p.n; ++i) {
        int nf = tag::ExtractFeatures(p.words.data(), i + 2, left.data(),
                                      right ? (*right)[s].data() : nullptr, feats);
        rows.clear();
        for (int f = 0; f < nf; ++f) {
          uint32_t r = index_.Find(feats[f]);
          if (r != tag::HashIndex::kAbsent) rows.push_back(r);
        }
        std::fill(scores.begin(), scores.end(), 0.0f);
        for (uint32_t r : rows)
          for (const Entry& e : rows_[r]) scores[e.tag] += e.w;
        model_.FoldUpos(scores.data());
        int pred = tag::BestTag(scores.data(), nt, p.words[i + 2].allowed);
        ++step_;
        const int gold = p.gold[i];
        int rival = pred;
        if (gold >= 0 && pred == gold) {
          ++correct;
          rival = -1;
          if (margin_ > 0) {
            // Perceptron with margin: also update when the best wrong tag comes close.
            const float g = scores[gold];
            scores[gold] = -1e30f;
            int second = tag::BestTag(scores.data(), nt, p.words[i + 2].allowed);
            if (second != gold && g - scores[second] < margin_) rival = second;
          }
        }
        if (gold >= 0 && rival >= 0) {
          const int ug = nt + model_.upos_class[gold], ur = nt + model_.upos_class[rival];
          for (uint32_t r : rows) {
            Update(r, gold, 1.0f);
            Update(r, rival, -1.0f);
            if (ug != ur) {
              Update(r, ug, 1.0f);
              Update(r, ur, -1.0f);
            }
          }
        }
        left[i + 2] = static_cast<uint8_t>(pred);
      }
    }
    return correct;
  }

  // Averaged weights as a run-time model.
  LinearModel Averaged(float prune) const {
    std::vector<uint64_t> keys;
    std::vector<uint32_t> begin{0};
    std::vector<uint8_t> tags;
    std::vector<float> weights;
    const double steps = std::max<uint64_t>(step_, 1);
    std::vector<Entry> row;
    for (size_t k = 0; k < keys_.size(); ++k) {
      row = rows_[k];
      std::sort(row.begin(), row.end(), [](const Entry& a, const Entry& b) { return a.tag < b.tag; });
      size_t before = tags.size();
      for (const Entry& e : row) {
        double avg = (e.total + double(e.w) * double(step_ - e.ts)) / steps;
        if (avg == 0 || std::fabs(avg) < prune) continue;
        tags.push_back(e.tag);
        weights.push_back(static_cast<float>(avg));
      }
      if (tags.size() == before) continue;
      keys.push_back(keys_[k]);
      begin.push_back(static_cast<uint32_t>(tags.size()));
    }
    LinearModel m;
    m.Assign(std::move(keys), std::move(begin), std::move(tags), std::move(weights),
             model_.num_slots());
    return m;
  }

  size_t num_features() const { return keys_.size(); }

 private:
  static void GoldContext(const Prepared& p, std::vector<uint8_t>* left) {
    left->assign(p.n + 4, tag::kStartTag);
    (*left)[p.n + 2] = (*left)[p.n + 3] = tag::kEndTag;
    for (int i = 0; i < p.n; ++i) (*left)[i + 2] = p.gold[i] < 0 ? 0 : p.gold[i];
  }

  void Update(uint32_t r, int tag, float delta) {
    auto& row = rows_[r];
    Entry* e = nullptr;
    for (Entry& x : row)
      if (x.tag == tag) {
        e = &x;
        break;
      }
    if (e == nullptr) {
      row.push_back(Entry{0, static_cast<uint32_t>(step_), 0, static_cast<uint8_t>(tag)});
      e = &row.back();
    }
    e->total += double(e->w) * double(step_ - e->ts);
    e->ts = static_cast<uint32_t>(step_);
    e->w += delta;
  }

  const TaggerModel& model_;
  const float margin_;
  tag::HashIndex index_;
  std::vector<uint64_t> keys_;
  std::vector<std::vector<Entry>> rows_;
  uint64_t step_ = 0;
};

std::vector<size_t> Shuffled(size_t n, Rng* rng) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  for (size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng->Next() % i]);
  return order;
}

// Tags `data` with `pass` (and `right` from an earlier pass), returning padded tags.
std::vector<std::vector<uint8_t>> DecodeAll(const TaggerModel& model, const LinearModel& pass,
                                            const std::vector<const Prepared*>& data,
                                            const std::vector<std::vector<uint8_t>>* right) {
  std::vector<std::vector<uint8_t>> out(data.size());
  std::vector<float> scores(model.num_slots());
  for (size_t s = 0; s < data.size(); ++s) {
    out[s].resize(data[s]->n + 4);
    model.Decode(pass, data[s]->words.data(), data[s]->n, right ? (*right)[s].data() : nullptr,
                 out[s].data(), scores.data());
  }
  return out;
}

double Accuracy(const std::vector<const Prepared*>& data,
                const std::vector<std::vector<uint8_t>>& tags) {
  size_t ok = 0, all = 0;
  for (size_t s = 0; s < data.size(); ++s)
    for (int i = 0; i < data[s]->n; ++i) {
      ++all;
      ok += data[s]->gold[i] == tags[s][i + 2];
    }
  return all ? 100.0 * ok / all : 0;
}

double Seconds(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Trains one pass, keeping the epoch with the best dev accuracy (or the last epoch
// when `dev` is empty, or exactly `fixed_epochs` when > 0).
LinearModel TrainPass(const TaggerModel& model, const TaggerTrainOptions& opt, const char* name,
                      const std::vector<const Prepared*>& train,
                      const std::vector<std::vector<uint8_t>>* train_right,
                      const std::vector<const Prepared*>& dev,
                      const std::vector<std::vector<uint8_t>>* dev_right, int fixed_epochs,
                      int* best_epoch, std::ostream* log) {
  auto t0 = std::chrono::steady_clock::now();
  Perceptron p(model, opt.margin);
  p.SelectFeatures(train, train_right, opt.min_feature_count);
  if (log && fixed_epochs == 0)
    *log << name << ": " << p.num_features() << " features selected\n";
  Rng rng(opt.seed);
  LinearModel best;
  double best_acc = -1;
  const int epochs = fixed_epochs > 0 ? fixed_epochs : opt.iterations;
  size_t train_tokens = 0;
  for (const Prepared* s : train) train_tokens += s->n;
  for (int e = 1; e <= epochs; ++e) {
    size_t correct = p.Epoch(train, train_right, Shuffled(train.size(), &rng));
    if (fixed_epochs > 0) continue;
    double acc = 0;
    LinearModel avg = p.Averaged(opt.prune_threshold);
    if (!dev.empty()) acc = Accuracy(dev, DecodeAll(model, avg, dev, dev_right));
    if (log) {
      *log << name << " epoch " << e << ": train " << (100.0 * correct / std::max<size_t>(train_tokens, 1))
           << "% dev " << acc << "% (" << Seconds(t0) << " s)\n";
    }
    if (dev.empty() || acc > best_acc) {
      best_acc = acc;
      best = std::move(avg);
      *best_epoch = e;
    }
  }
  if (fixed_epochs > 0) {
    *best_epoch = fixed_epochs;
    return p.Averaged(opt.prune_threshold);
  }
  if (log) *log << name << ": best epoch " << *best_epoch << " dev " << best_acc << "%\n";
  return best;
}

}  // namespace

StatusOr<std::string> TrainTaggerToBytes(const std::vector<Sentence>& train,
                                         const std::vector<Sentence>& dev,
                                         const TaggerTrainOptions& opt, std::ostream* log) {
  if (train.empty()) return InvalidArgumentError("tagger training: no training sentences");
  if (opt.iterations < 1) return InvalidArgumentError("tagger training: iterations must be >= 1");
  auto t0 = std::chrono::steady_clock::now();
  auto model = std::make_unique<TaggerModel>();
  model->constrain_min_count = static_cast<uint32_t>(std::max(opt.constrain_min_count, 1));
  model->amb_min_count = static_cast<uint32_t>(std::max(opt.amb_min_count, 1));

  // Tag set, most frequent first (ties by name).
  std::map<std::string, size_t> tag_counts;
  for (const Sentence& s : train)
    for (const Token& t : s.tokens)
      if (!t.upos.empty()) tag_counts[CompositeTag(t)]++;
  std::vector<std::pair<std::string, size_t>> by_count(tag_counts.begin(), tag_counts.end());
  std::stable_sort(by_count.begin(), by_count.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (by_count.size() > static_cast<size_t>(tag::kMaxTags))
    return InvalidArgumentError("tagger training: more than 128 distinct UPOS+XPOS tags");
  if (by_count.empty()) return InvalidArgumentError("tagger training: no tagged tokens");
  std::map<std::string, int> tag_id;
  for (const auto& [name, count] : by_count) {
    tag_id[name] = model->num_tags();
    size_t tab = name.find('\t');
    model->upos.push_back(name.substr(0, tab));
    model->xpos.push_back(name.substr(tab + 1));
  }

  model->IndexUpos();
  if (!opt.wordnet_dir.empty()) {
    Status st = model->lex.LoadWordNet(opt.wordnet_dir);
    if (!st.ok()) return st;
    if (log) *log << "tagger: WordNet lexicon of " << model->lex.size() << " entries\n";
  }
  if (model->num_slots() > 250)
    return InvalidArgumentError("tagger training: too many distinct tags and UPOS values");

  // Word dictionary over exact forms, in first-seen order.
  std::unordered_map<uint64_t, uint32_t> dict_pos;
  for (const Sentence& s : train)
    for (const Token& t : s.tokens) {
      auto it = tag_id.find(CompositeTag(t));
      if (it == tag_id.end()) continue;
      uint64_t key = tag::HashText(t.form, 1);
      auto [d, added] = dict_pos.emplace(key, static_cast<uint32_t>(model->dict.keys.size()));
      if (added) {
        model->dict.keys.push_back(key);
        model->dict.counts.push_back(0);
        model->dict.masks.push_back({0, 0});
      }
      model->dict.counts[d->second]++;
      tag::MaskSet(&model->dict.masks[d->second], it->second);
    }
  model->dict.Rebuild();

  auto prepare = [&](const std::vector<Sentence>& in, std::vector<Prepared>* out) {
    out->resize(in.size());
    std::vector<std::string_view> forms;
    for (size_t i = 0; i < in.size(); ++i) {
      forms.clear();
      for (const Token& t : in[i].tokens) forms.push_back(t.form);
      Prepared& p = (*out)[i];
      p.n = static_cast<int>(forms.size());
      model->PrepareWords(forms, &p.words);
      for (const Token& t : in[i].tokens) {
        auto it = tag_id.find(CompositeTag(t));
        p.gold.push_back(it == tag_id.end() ? -1 : it->second);
      }
    }
  };
  std::vector<Prepared> train_p, dev_p;
  prepare(train, &train_p);
  prepare(dev, &dev_p);
  if (opt.ambiguity_folds > 1) {
    // Ambiguity classes of training words come from the other folds' dictionary, as
    // for unseen text; otherwise a rare word's class would give away its gold tag.
    const size_t folds = opt.ambiguity_folds;
    for (size_t f = 0; f < folds; ++f) {
      const size_t lo = train.size() * f / folds, hi = train.size() * (f + 1) / folds;
      tag::WordDict d;
      std::unordered_map<uint64_t, uint32_t> pos;
      for (size_t i = 0; i < train.size(); ++i) {
        if (i >= lo && i < hi) continue;
        for (const Token& t : train[i].tokens) {
          auto it = tag_id.find(CompositeTag(t));
          if (it == tag_id.end()) continue;
          uint64_t key = tag::HashText(t.form, 1);
          auto [e, added] = pos.emplace(key, static_cast<uint32_t>(d.keys.size()));
          if (added) {
            d.keys.push_back(key);
            d.counts.push_back(0);
            d.masks.push_back({0, 0});
          }
          d.counts[e->second]++;
          tag::MaskSet(&d.masks[e->second], it->second);
        }
      }
      d.Rebuild();
      for (size_t i = lo; i < hi; ++i)
        for (int k = 0; k < train_p[i].n; ++k)
          model->SetAmbiguity(d, train[i].tokens[k].form, &train_p[i].words[k + 2]);
    }
  }
  std::vector<const Prepared*> train_v, dev_v;
  for (const auto& p : train_p)
    if (p.n > 0) train_v.push_back(&p);
  for (const auto& p : dev_p)
    if (p.n > 0) dev_v.push_back(&p);
  if (log)
    *log << "tagger: " << train_v.size() << " training sentences, " << dev_v.size()
         << " dev sentences, " << model->num_tags() << " tags, " << model->dict.keys.size()
         << " word types\n";

  // The first pass may run right to left: it then trains on reversed sentences.
  model->pass1_reversed = opt.first_pass_right_to_left;
  std::vector<Prepared> train_r, dev_r;
  std::vector<const Prepared*> train1 = train_v, dev1 = dev_v;
  if (model->pass1_reversed) {
    auto reverse_all = [](const std::vector<const Prepared*>& in, std::vector<Prepared>* out,
                          std::vector<const Prepared*>* view) {
      out->resize(in.size());
      view->clear();
      for (size_t i = 0; i < in.size(); ++i) {
        Prepared& r = (*out)[i];
        r.n = in[i]->n;
        tag::ReverseWords(in[i]->words, r.n, &r.words);
        r.gold.assign(in[i]->gold.rbegin(), in[i]->gold.rend());
        view->push_back(&r);
      }
    };
    reverse_all(train_v, &train_r, &train1);
    reverse_all(dev_v, &dev_r, &dev1);
  }
  // First-pass tags in sentence order, padded, from tags decoded on `data`.
  auto in_order = [&](std::vector<std::vector<uint8_t>> tags) {
    if (!model->pass1_reversed) return tags;
    for (auto& t : tags) tag::UnreverseTags(&t);
    return tags;
  };

  int best1 = 0;
  model->pass1 = TrainPass(*model, opt, "pass1", train1, nullptr, dev1, nullptr, 0, &best1, log);

  if (opt.second_pass) {
    // Jackknifed first-pass tags for the training data, so the second pass learns
    // how far to trust first-pass tags of unseen text.
    const int folds = std::max(2, opt.jackknife_folds);
    std::vector<std::vector<uint8_t>> train_right(train_v.size());
    for (int f = 0; f < folds; ++f) {
      size_t lo = train_v.size() * f / folds, hi = train_v.size() * (f + 1) / folds;
      std::vector<const Prepared*> in, out;
      for (size_t i = 0; i < train1.size(); ++i) (i >= lo && i < hi ? out : in).push_back(train1[i]);
      int unused = 0;
      LinearModel m = TrainPass(*model, opt, "fold", in, nullptr, {}, nullptr, best1, &unused, nullptr);
      auto tags = in_order(DecodeAll(*model, m, out, nullptr));
      for (size_t i = lo; i < hi; ++i) train_right[i] = std::move(tags[i - lo]);
      if (log) *log << "jackknife fold " << f + 1 << "/" << folds << " (" << Seconds(t0) << " s)\n";
    }
    auto dev_right = in_order(DecodeAll(*model, model->pass1, dev1, nullptr));
    int best2 = 0;
    model->pass2 = TrainPass(*model, opt, "pass2", train_v, &train_right, dev_v, &dev_right, 0,
                             &best2, log);
    model->has_pass2 = true;
  }

  std::vector<tag::Morphology::Example> examples;
  std::vector<std::string_view> forms;
  std::vector<uint8_t> gold;
  for (const Sentence& s : train) {
    forms.clear();
    gold.clear();
    for (const Token& t : s.tokens) {
      auto it = tag_id.find(CompositeTag(t));
      forms.push_back(t.form);
      gold.push_back(it == tag_id.end() ? 0 : static_cast<uint8_t>(it->second));
    }
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const Token& t = s.tokens[i];
      auto it = tag_id.find(CompositeTag(t));
      if (it == tag_id.end()) continue;
      examples.push_back({t.form, t.lemma, t.feats, it->second,
                          model->FeatsContext(forms, gold.data(), static_cast<int>(i))});
    }
  }
  model->morph.Train(examples, model->num_tags());
  std::string bytes = model->Serialize();
  if (log)
    *log << "tagger: model " << bytes.size() << " bytes, " << model->pass1.num_weights()
         << " + " << model->pass2.num_weights() << " weights, trained in " << Seconds(t0)
         << " s\n";
  return bytes;
}

Status TrainTagger(const std::vector<Sentence>& train, const std::vector<Sentence>& dev,
                   const TaggerTrainOptions& options, const std::string& out_path,
                   std::ostream* log) {
  KHALDUN_ASSIGN_OR_RETURN(std::string bytes, TrainTaggerToBytes(train, dev, options, log));
  return WriteFile(out_path, bytes);
}

}  // namespace khaldun
