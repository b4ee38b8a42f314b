; Rust: items, impl blocks named by their type (methods nest inside), traits,
; macros, and constants at module level.
(struct_item name: (type_identifier) @name.definition.struct) @definition.struct

(union_item name: (type_identifier) @name.definition.struct) @definition.struct

(enum_item name: (type_identifier) @name.definition.enum) @definition.enum

(trait_item name: (type_identifier) @name.definition.trait) @definition.trait

(type_item name: (type_identifier) @name.definition.type) @definition.type

(function_item name: (identifier) @name.definition.function) @definition.function

(function_signature_item name: (identifier) @name.definition.function) @definition.function

(impl_item
  type: [
    (type_identifier) @name.definition.impl
    (generic_type type: (type_identifier) @name.definition.impl)
    (scoped_type_identifier name: (type_identifier) @name.definition.impl)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @name.definition.impl))
    (reference_type type: (type_identifier) @name.definition.impl)
  ]) @definition.impl

(mod_item name: (identifier) @name.definition.module) @definition.module

(macro_definition name: (identifier) @name.definition.macro) @definition.macro

(source_file (const_item name: (identifier) @name.definition.constant) @definition.constant)

(source_file (static_item name: (identifier) @name.definition.constant) @definition.constant)

(mod_item body: (declaration_list (const_item name: (identifier) @name.definition.constant) @definition.constant))

(mod_item body: (declaration_list (static_item name: (identifier) @name.definition.constant) @definition.constant))
