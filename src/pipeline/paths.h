// Where khaldun finds its data (models, dictionaries, gazetteer).
//
// Search order: $KHALDUN_DATA, then the source tree the binary was built from
// (KHALDUN_SOURCE_DIR/data), then ./data. The gazetteer is built at set-up into the
// build tree: $KHALDUN_GAZETTEER, KHALDUN_BINARY_DIR/gazetteer.bin, ./build/gazetteer.bin.
#ifndef KHALDUN_PIPELINE_PATHS_H_
#define KHALDUN_PIPELINE_PATHS_H_

#include <string>

namespace khaldun {

std::string DataDir();
std::string DefaultTaggerPath();    // DataDir()/models/tagger.bin
std::string DefaultParserPath();    // DataDir()/models/parser.bin
std::string DefaultDictDir();       // DataDir()/dict
std::string DefaultGazetteerPath();

}  // namespace khaldun

#endif  // KHALDUN_PIPELINE_PATHS_H_
