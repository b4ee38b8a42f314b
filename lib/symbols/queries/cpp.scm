; C and C++: classes, structs, unions, enums, namespaces, functions (methods
; by nesting, or by Class:: qualification), type aliases.
(class_specifier
  name: (type_identifier) @name.definition.class
  body: (field_declaration_list)) @definition.class

(struct_specifier
  name: (type_identifier) @name.definition.struct
  body: (field_declaration_list)) @definition.struct

; Template specialisations: struct Traits<int> { ... }.
(class_specifier
  name: (template_type name: (type_identifier) @name.definition.class)
  body: (field_declaration_list)) @definition.class

(struct_specifier
  name: (template_type name: (type_identifier) @name.definition.struct)
  body: (field_declaration_list)) @definition.struct

(union_specifier
  name: (type_identifier) @name.definition.struct
  body: (field_declaration_list)) @definition.struct

(enum_specifier
  name: (type_identifier) @name.definition.enum
  body: (enumerator_list)) @definition.enum

(namespace_definition
  name: (namespace_identifier) @name.definition.module) @definition.module

(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier
      scope: (namespace_identifier) @parent
      name: (identifier) @name.definition.method))) @definition.method

(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier
      name: (qualified_identifier
        scope: (namespace_identifier) @parent
        name: (identifier) @name.definition.method)))) @definition.method

(function_definition
  declarator: [
    (function_declarator declarator: [(identifier) (field_identifier)] @name.definition.function)
    (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name.definition.function))
    (reference_declarator (function_declarator declarator: [(identifier) (field_identifier)] @name.definition.function))
  ]) @definition.function

(field_declaration
  declarator: (function_declarator
    declarator: (field_identifier) @name.definition.method)) @definition.method

(type_definition
  declarator: (type_identifier) @name.definition.type) @definition.type

(alias_declaration
  name: (type_identifier) @name.definition.type) @definition.type

(translation_unit
  (preproc_def name: (identifier) @name.definition.constant) @definition.constant)

; Header guards, #if blocks, extern "C" and regions the grammar could not read
; hold a header's top-level declarations, however deep they nest: the query
; looks inside them as well.
[(preproc_if) (preproc_ifdef) (preproc_else) (preproc_elif) (linkage_specification) (ERROR)] @scope

; C and C++ have no nested functions or templates: a function "body" holding
; them is a class or namespace the grammar misread (class API_EXPORT Name { ... }),
; and those are its members.
(function_definition body: (compound_statement [(function_definition) (template_declaration)])) @scope
