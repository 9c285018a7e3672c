#ifndef LEPTONKIT_FAKE_LEPTON_TEST_SDK_MODEL_CHECKER_H_
#define LEPTONKIT_FAKE_LEPTON_TEST_SDK_MODEL_CHECKER_H_

// Checks a JSON answer against the official SDK's models, written down as field tables in
// fixtures/sdk_models/ (see fixtures/sdk_models/README.md for the format and sources).
//
// Pydantic's rules, as the SDK's models use them: a field marked required must be present and
// (unless marked nullable) not null; any other field may be absent or null, and otherwise must
// have its type; `int` refuses 1.5 (and 1.0 too: the fake must send integers as integers);
// `float` takes any number; an enum takes only its values; unknown extra keys are allowed (no
// model of the SDK forbids them).

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "internal/json_codec.h"

namespace lepton::fake::sdk {

class SdkModels {
 public:
  /// Loads a table file; a file naming a `base` takes the base's models it does not redefine.
  /// An empty `error` means success.
  static SdkModels Load(std::string const& dir, std::string const& file, std::string& error) {
    SdkModels models;
    models.LoadInto(dir, file, error);
    return models;
  }

  /// Loads tables given as JSON text (the checker's own tests).
  static SdkModels FromJson(std::string const& text, std::string& error) {
    SdkModels models;
    models.Add(internal::Json::parse(text, nullptr, false), error);
    return models;
  }

  /// Every problem of `value` read as `type` (a type expression of the tables, e.g.
  /// "[LeptonJob]" or "WorkspaceInfo"), each with its JSON path; empty when it conforms.
  [[nodiscard]] std::vector<std::string> Check(internal::Json const& value,
                                               std::string const& type) const {
    std::vector<std::string> problems;
    CheckValue(value, type, "", problems);
    return problems;
  }

  [[nodiscard]] bool Has(std::string const& model) const { return models_.count(model) > 0; }

 private:
  struct Field {
    std::string type;
    bool required = false;
    bool nullable = true;
  };
  struct Model {
    std::string extends;  // A model whose fields this one has too.
    std::map<std::string, Field> fields;
  };

  void LoadInto(std::string const& dir, std::string const& file, std::string& error) {
    std::ifstream in(dir + "/" + file);
    if (!in) {
      error = "cannot read " + file;
      return;
    }
    std::stringstream text;
    text << in.rdbuf();
    internal::Json const doc = internal::Json::parse(text.str(), nullptr, false);
    if (doc.is_object() && doc.contains("base")) {
      LoadInto(dir, doc["base"].get<std::string>(), error);
      if (!error.empty()) return;
    }
    Add(doc, error);
  }

  void Add(internal::Json const& doc, std::string& error) {
    if (!doc.is_object() || !doc.contains("models") || !doc["models"].is_object()) {
      error = "a table file is an object with \"models\"";
      return;
    }
    for (auto const& [name, table] : doc["models"].items()) {
      Model model;
      if (table.contains("extends")) model.extends = table["extends"].get<std::string>();
      for (auto const& [key, spec] : table["fields"].items()) {
        std::string type = spec.get<std::string>();
        Field field;
        if (type.ends_with("!")) {
          field.required = true;
          field.nullable = false;
          type.pop_back();
          if (type.ends_with("?")) {
            field.nullable = true;
            type.pop_back();
          }
        }
        field.type = type;
        model.fields[key] = field;
      }
      models_[name] = std::move(model);
    }
    for (auto const& [name, model] : models_) {
      if (!model.extends.empty() && models_.count(model.extends) == 0) {
        error = name + " extends an unknown model";
      }
    }
  }

  // The fields of `model` and of the models it extends.
  std::map<std::string, Field> FieldsOf(Model const& model) const {
    std::map<std::string, Field> fields = model.fields;
    if (auto base = models_.find(model.extends); !model.extends.empty() && base != models_.end()) {
      fields.merge(FieldsOf(base->second));  // The model's own fields win.
    }
    return fields;
  }

  static std::string Show(internal::Json const& value) {
    std::string text = internal::DumpJson(value);
    return text.size() > 60 ? text.substr(0, 57) + "..." : text;
  }

  void CheckValue(internal::Json const& value, std::string_view type, std::string const& path,
                  std::vector<std::string>& problems) const {
    std::string const at = path.empty() ? "/" : path;
    auto wrong = [&](std::string_view expected) {
      problems.push_back(at + ": expected " + std::string(expected) + ", got " + Show(value));
    };
    if (type.starts_with("[")) {
      if (!value.is_array()) return wrong("a list");
      std::string_view const item = type.substr(1, type.size() - 2);
      for (std::size_t i = 0; i < value.size(); ++i) {
        CheckValue(value[i], item, path + "/" + std::to_string(i), problems);
      }
      return;
    }
    if (type.starts_with("{")) {
      if (!value.is_object()) return wrong("a map");
      std::string_view const item = type.substr(1, type.size() - 2);
      for (auto const& [key, element] : value.items()) {
        CheckValue(element, item, path + "/" + key, problems);
      }
      return;
    }
    if (type.starts_with("enum:")) {
      if (!value.is_string()) return wrong("a string of " + std::string(type));
      std::string_view values = type.substr(5);
      std::string const& text = value.get_ref<std::string const&>();
      while (true) {
        auto const bar = values.find('|');
        if (values.substr(0, bar) == text) return;
        if (bar == std::string_view::npos) break;
        values.remove_prefix(bar + 1);
      }
      return wrong("one of " + std::string(type.substr(5)));
    }
    if (type == "str") {
      if (!value.is_string()) wrong("a string");
    } else if (type == "int") {
      if (!value.is_number_integer()) wrong("an integer");
    } else if (type == "float") {
      if (!value.is_number()) wrong("a number");
    } else if (type == "bool") {
      if (!value.is_boolean()) wrong("a boolean");
    } else if (type == "dict") {
      if (!value.is_object()) wrong("an object");
    } else if (type == "datetime") {
      if (!value.is_string() && !value.is_number()) wrong("an RFC 3339 string or a number");
    } else if (type == "any") {
    } else {
      CheckModel(value, std::string(type), path, problems);
    }
  }

  void CheckModel(internal::Json const& value, std::string const& name, std::string const& path,
                  std::vector<std::string>& problems) const {
    std::string const at = path.empty() ? "/" : path;
    auto model = models_.find(name);
    if (model == models_.end()) {
      problems.push_back(at + ": no table for model " + name);
      return;
    }
    if (!value.is_object()) {
      problems.push_back(at + ": expected a " + name + " object, got " + Show(value));
      return;
    }
    for (auto const& [key, field] : FieldsOf(model->second)) {
      auto it = value.find(key);
      if (it == value.end()) {
        if (field.required) {
          problems.push_back(path + "/" + key + ": required by " + name + ", missing");
        }
        continue;
      }
      if (it->is_null()) {
        if (!field.nullable) problems.push_back(path + "/" + key + ": must not be null in " + name);
        continue;
      }
      CheckValue(*it, field.type, path + "/" + key, problems);
    }
  }

  std::map<std::string, Model> models_;
};

}  // namespace lepton::fake::sdk

#endif  // LEPTONKIT_FAKE_LEPTON_TEST_SDK_MODEL_CHECKER_H_
