# The report and request models and their renderers (included from
# tools/provcheck/CMakeLists.txt): no CLI, testable on plain data.
add_library(provcheck_report STATIC
  Risk.cpp
  Request.cpp
  render/Format.cpp
  render/ReportText.cpp
  render/JsonStream.cpp
  render/ReportJson.cpp
  render/Markdown.cpp
  render/Sarif.cpp
  render/CodeQuality.cpp
  render/Html.cpp
  render/RiskBars.cpp
  render/Email.cpp
  render/RequestJson.cpp
)
target_include_directories(provcheck_report PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(provcheck_report PRIVATE PROVCHECK_VERSION="${PROJECT_VERSION}")
target_link_libraries(provcheck_report
  PUBLIC provcheck_analysis provcheck_maps provcheck_classify nlohmann_json::nlohmann_json
  PRIVATE PkgConfig::GMIME provcheck_warnings)
target_link_libraries(provcheck_cli PUBLIC provcheck_report)
